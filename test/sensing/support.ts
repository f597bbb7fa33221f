/**
 * Test platforms with the sensing module wired the way compose.ts will wire it: the demo city
 * (Shanghai) on the suite's dialect with the HTTP app and a memory bus, or a tiny city on a
 * chosen dialect for storage tests. Real databases, no mocks.
 */
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { buildServices, type Services } from '../../src/compose.ts';
import { loadDemo } from '../../src/demo/load-demo.ts';
import { manualClock } from '../../src/platform/clock.ts';
import type { Dialect } from '../../src/platform/db/create-db.ts';
import { createHttpApp } from '../../src/platform/http/app.ts';
import type { DeclaredRoute } from '../../src/platform/http/access-guard.ts';
import type { BusMessage } from '../../src/platform/bus/bus.ts';
import { createMemoryBus } from '../../src/platform/bus/memory-bus.ts';
import type { Role } from '../../src/directory/roles.ts';
import { createSensingService, type SensingOptions, type SensingService } from '../../src/sensing/service.ts';
import { registerSensingRoutes } from '../../src/sensing/routes.ts';
import { openTestDb, primaryDialect, type TestDb } from '../support/test-db.ts';
import { TINY_CITY } from '../storage/tiny-city.ts';

/** 2026-11-27 10:00 Shanghai time. */
export const T0 = Date.UTC(2026, 10, 27, 2, 0, 0);

/** A running sensing test platform. */
export interface SensingPlatform extends Services {
  testDb: TestDb;
  clock: ReturnType<typeof manualClock>;
  bus: ReturnType<typeof createMemoryBus>;
  sensing: SensingService;
  app: FastifyInstance;
  routes: DeclaredRoute[];
  /** Every message published on the bus, in order. */
  published: BusMessage[];
  /** Bearer-token headers for a new user with these roles, scoped at a jurisdiction code. */
  tokenFor(roles: Role[], jurisdictionCode: string): Promise<Record<string, string>>;
  dispose(): Promise<void>;
}

let users = 0;

/**
 * Starts a platform: the demo city unless `city: 'tiny'` (C1 › D1/D2, see tiny-city.ts).
 * @example const p = await startSensingPlatform(); const h = await p.tokenFor(['admin'], '310101');
 */
export async function startSensingPlatform(
  options: { dialect?: Dialect; city?: 'demo' | 'tiny'; shards?: number; sensing?: Partial<SensingOptions> } = {},
): Promise<SensingPlatform> {
  const testDb = await openTestDb(options.dialect ?? primaryDialect());
  try {
    return await build(testDb, options);
  } catch (e) {
    await testDb.cleanup();
    throw e;
  }
}

async function build(
  testDb: TestDb,
  options: { city?: 'demo' | 'tiny'; shards?: number; sensing?: Partial<SensingOptions> },
): Promise<SensingPlatform> {
  const clock = manualClock(T0);
  const config = loadConfig({}, { dataDir: testDb.dataDir, logLevel: 'silent', demo: false });
  const services = await buildServices(config, { clock, database: testDb.database });
  if (options.city === 'tiny') {
    await services.geo.importFeatures(TINY_CITY);
    await services.directory.createUnit({
      code: 'U-water',
      kind: 'department',
      departmentKind: 'water',
      name: '水务',
      jurisdictionId: services.geo.getByCode('D1')!.id,
    });
  } else {
    await loadDemo(services);
  }
  const bus = createMemoryBus({ now: () => clock.now() });
  const published: BusMessage[] = [];
  bus.subscribe('>', (m) => void published.push(m));
  const sensing = await createSensingService({
    database: testDb.database,
    clock,
    bus,
    geo: services.geo,
    directory: services.directory,
    shards: options.shards ?? 1,
    options: options.sensing ?? {},
  });
  const { app, routes } = await createHttpApp({ authenticate: services.auth.authenticate, version: 'test', logLevel: 'silent' });
  registerSensingRoutes(app, sensing);
  await app.ready();
  return {
    ...services,
    testDb,
    clock,
    bus,
    sensing,
    app,
    routes,
    published,
    async tokenFor(roles, code) {
      const user = await services.directory.createUser({
        username: `sensing_${++users}_${roles.join('_')}`,
        displayName: 'test',
        password: 'Sensing-test-2026!',
        roles,
        jurisdictionId: services.geo.require(code).id,
        unitId: roles.includes('handler')
          ? (services.directory.listUnits(services.geo.require(code).path, 'department')[0]?.id ?? null)
          : null,
      });
      const t = await services.auth.createToken(user.id, 'test', null);
      return { authorization: `Bearer ${t.token}` };
    },
    async dispose() {
      await app.close();
      await sensing.close();
      await bus.close();
      await testDb.cleanup();
    },
  };
}

/** Places in the demo city, WGS-84. */
export const PLACES = {
  /** 南京东路街道, 黄浦区 (310101002). */
  nanjingEast: { lon: 121.4621, lat: 31.2391 },
  /** 浦东新区 (310115). */
  pudong: { lon: 121.7332, lat: 31.0881 },
} as const;

/** A reading item for HTTP. */
export function item(deviceId: string, ts: number | string, values: Record<string, unknown>): Record<string, unknown> {
  return { deviceId, ts, values };
}
