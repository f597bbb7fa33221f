/**
 * Wiring of the 12345 / 一网通办 bridge (issue 7), kept out of compose.ts so the composition root
 * gains two lines: `createBridge` in buildServices, `registerBridge` in buildPlatform.
 * The systems' signing secrets are sealed with the registry's field cipher under the data key,
 * so they never sit in the database in clear and need no key of their own.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Clock } from './platform/clock.ts';
import type { Database } from './platform/db/create-db.ts';
import type { Bus } from './platform/bus/bus.ts';
import type { AuditRecorder } from './audit/model.ts';
import type { CasesService } from './cases/service.ts';
import type { DirectoryService } from './directory/service.ts';
import type { GeoService } from './geo/service.ts';
import { createFieldCipher } from './registry/field-cipher.ts';
import { resolveDataKeys } from './registry/data-key.ts';
import { createBridgeService, type BridgeDeps, type BridgeService } from './bridge/service.ts';
import { registerBridgeRoutes } from './bridge/routes.ts';

/** What the bridge is built from. */
export interface BridgeWiring {
  config: Config;
  database: Database;
  clock: Clock;
  bus: Bus;
  cases: CasesService;
  directory: DirectoryService;
  audit: AuditRecorder;
}

/** Delivery settings a caller may change (tests: a short timeout, no loop). */
export type BridgeTuning = Partial<Pick<BridgeDeps, 'timeoutMs' | 'deliveryIntervalMs' | 'leaseMs' | 'batchSize' | 'policy' | 'random'>>;

/**
 * Creates the bridge service (not started: `startPipeline` starts it with webhooks).
 * @example const bridge = createBridge({ config, database, clock, bus, cases, directory, audit });
 */
export function createBridge(w: BridgeWiring, tuning: BridgeTuning = {}): BridgeService {
  const keys = resolveDataKeys(w.config);
  const cipher = createFieldCipher(keys.current, keys.previous);
  return createBridgeService({
    database: w.database,
    clock: w.clock,
    bus: w.bus,
    cases: w.cases,
    audit: w.audit,
    secrets: { seal: (v, c) => cipher.seal(v, c), open: (s, c) => cipher.open(s, c), isCurrent: (s) => cipher.isCurrent(s) },
    userRoles: async (id) => {
      const u = await w.directory.getUser(id);
      return u && !u.disabled ? u.roles : undefined;
    },
    ...tuning,
  });
}

/**
 * Registers the bridge routes.
 * @example registerBridge(app, services.bridge, services.geo);
 */
export function registerBridge(app: FastifyInstance, bridge: BridgeService, geo: Pick<GeoService, 'list'>): void {
  registerBridgeRoutes(app, bridge, { topPath: () => geo.list('city')[0]?.path ?? null });
}
