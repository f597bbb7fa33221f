/**
 * A whole platform for scenario tests: real storage of the suite's dialect, the demo city,
 * and the HTTP app driven with `inject()` (no port).
 */
import { loadConfig, type ConfigOverrides } from '../../src/config.ts';
import { buildPlatform, buildServices, type Platform } from '../../src/compose.ts';
import { loadDemo, type DemoAccounts } from '../../src/demo/load-demo.ts';
import { manualClock, simulatedClock, type Clock } from '../../src/platform/clock.ts';
import type { Dialect } from '../../src/platform/db/create-db.ts';
import { openTestDb, primaryDialect, type TestDb } from './test-db.ts';

/** A running test platform. */
export interface TestPlatform extends Platform {
  testDb: TestDb;
  accounts: DemoAccounts | null;
  clock: Clock & { advance(ms: number): void; set(ms: number): void };
  /** Closes the app and drops the database. */
  dispose(): Promise<void>;
}

/** Starts a platform on a fresh database, with the demo city unless `demo: false`. */
export async function startTestPlatform(
  options: {
    demo?: boolean;
    dialect?: Dialect;
    now?: number;
    pipeline?: boolean;
    simulatedClock?: boolean;
    /** Settings as the environment or command line would give them. */
    config?: ConfigOverrides;
  } = {},
): Promise<TestPlatform> {
  const testDb = await openTestDb(options.dialect ?? primaryDialect());
  const base = manualClock(options.now ?? Date.UTC(2026, 10, 27, 2, 0, 0));
  // A simulated clock (as `--clock simulated` makes) over the manual one: operators may move it too.
  const clock = options.simulatedClock ? simulatedClock(base) : base;
  const config = loadConfig({}, { ...options.config, dataDir: testDb.dataDir, logLevel: 'silent', demo: options.demo ?? true });
  // The engine's timers stay off: tests move the clock and call `engine.tick` themselves.
  const services = await buildServices(config, {
    clock,
    database: testDb.database,
    engineOptions: { tickMs: 0, snapshotMs: 0, rulesPollMs: 0 },
  });
  const accounts = options.demo === false ? null : (await loadDemo(services)).accounts;
  if (options.pipeline !== false) await services.startPipeline();
  const platform = await buildPlatform(services);
  return {
    ...platform,
    clock,
    testDb,
    accounts,
    async dispose() {
      await platform.close();
      await testDb.cleanup();
    },
  };
}

/** A signed-in browser-like session: cookie plus CSRF token, as headers for inject(). */
export interface TestSession {
  cookie: string;
  csrfToken: string;
  headers: Record<string, string>;
}

/** Signs in through the API and returns the headers a browser would send. */
export async function signIn(p: Platform, username: string, password: string): Promise<TestSession> {
  const res = await p.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in ${username} failed: ${res.statusCode} ${res.body}`);
  const set = res.cookies.find((c) => c.name === 'cityops_session');
  if (!set) throw new Error('no session cookie');
  const cookie = `cityops_session=${set.value}`;
  const csrfToken = res.json<{ csrfToken: string }>().csrfToken;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}
