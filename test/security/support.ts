/**
 * A test platform for the security tests: like test/support/platform.ts, but with configuration
 * overrides (rate limits, password age, log level) and the HTTP log captured line by line.
 */
import { loadConfig, type ConfigOverrides } from '../../src/config.ts';
import { buildPlatform, buildServices } from '../../src/compose.ts';
import { loadDemo } from '../../src/demo/load-demo.ts';
import { manualClock } from '../../src/platform/clock.ts';
import { openTestDb, primaryDialect } from '../support/test-db.ts';
import type { TestPlatform } from '../support/platform.ts';

/** A platform whose log lines are kept. */
export interface SecurityPlatform extends TestPlatform {
  /** Every log line written so far (JSON text). */
  logLines: string[];
}

/** The demo's first day, as the other tests use it. */
export const T0 = Date.UTC(2026, 10, 27, 2, 0, 0);

/** Starts a platform with the demo city on a fresh database of the suite's dialect. */
export async function startSecurityPlatform(overrides: ConfigOverrides = {}): Promise<SecurityPlatform> {
  const testDb = await openTestDb(primaryDialect());
  const clock = manualClock(T0);
  const config = loadConfig({}, { dataDir: testDb.dataDir, logLevel: 'silent', demo: true, ...overrides });
  const services = await buildServices(config, {
    clock,
    database: testDb.database,
    engineOptions: { tickMs: 0, snapshotMs: 0, rulesPollMs: 0 },
  });
  const accounts = (await loadDemo(services)).accounts;
  await services.startPipeline();
  const logLines: string[] = [];
  const platform = await buildPlatform(services, { logStream: { write: (line: string) => logLines.push(line) } });
  return {
    ...platform,
    clock,
    testDb,
    accounts,
    logLines,
    async dispose() {
      await platform.close();
      await testDb.cleanup();
    },
  };
}
