/**
 * The composition root: configuration → storage → bus → module services → HTTP app. Used by
 * `cityops start`, by the CLI commands that need services, and by tests (with `inject()`).
 *
 * Building services starts no background work; `startPipeline` starts the stages that consume
 * the bus (rules engine, alerts), so one-shot commands like `import` stay one-shot.
 */
import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import { simulatedClock, systemClock, type Clock } from './platform/clock.ts';
import { createDb, migrateToLatest, pingDb, type Database } from './platform/db/create-db.ts';
import { createMemoryBus } from './platform/bus/memory-bus.ts';
import { createNatsBus } from './platform/bus/nats-bus.ts';
import { createHttpApp } from './platform/http/app.ts';
import type { LogStream } from './platform/http/security-logging.ts';
import { registerHealthRoute } from './platform/http/health-route.ts';
import { registerWebStatic } from './platform/http/web-static.ts';
import { createGeoService } from './geo/service.ts';
import { createDirectoryService } from './directory/service.ts';
import { createAuthService } from './directory/auth-service.ts';
import { isSmallClassCode } from './cases/catalogue-model.ts';
import { createCasesService } from './cases/service.ts';
import { createWebhookService } from './cases/webhook-service.ts';
import { timelineReader } from './cases/event-replay.ts';
import { createSensingService } from './sensing/service.ts';
import { createRulesEngine } from './rules/engine.ts';
import { createRulesService } from './rules/service.ts';
import { createAlertsService } from './alerts/service.ts';
import { createAuditService } from './audit/service.ts';
import { createRegistryService } from './registry/service.ts';
import { resolveDataKeys } from './registry/data-key.ts';
import { createWelfareService } from './welfare/service.ts';
import { createCheckinService } from './checkin/service.ts';
import { createBridge } from './compose-bridge.ts';
import { createPublicServices, startPublic, startPublicScheduler, stopPublic } from './compose-public.ts';
import { registerModuleRoutes } from './compose-routes.ts';
import type { Platform, Services } from './compose-types.ts';
import { VERSION } from './version.ts';

export type { Platform, Services } from './compose-types.ts';

/** The built browser app (`npm run build:web`; `npm start` builds it when missing or stale). */
const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

/** Options for tests and tools. */
export interface BuildOptions {
  clock?: Clock;
  /** Use this database instead of opening the configured one (it is not closed by `close`). */
  database?: Database;
  /** SQLite file override (e.g. ':memory:'). */
  sqliteFile?: string;
  /** Rules-engine options (tests turn its timers off and tick by hand). */
  engineOptions?: Parameters<typeof createRulesEngine>[0]['options'];
}

/**
 * Opens storage, migrates it and creates the services.
 * @example const services = await buildServices(loadConfig(process.env));
 */
export async function buildServices(config: Config, options: BuildOptions = {}): Promise<Services> {
  const clock = options.clock ?? (config.clock === 'simulated' ? simulatedClock() : systemClock);
  const ownsDatabase = !options.database;
  const database = options.database ?? (await createDb({ ...config, ...(options.sqliteFile ? { sqliteFile: options.sqliteFile } : {}) }));
  await migrateToLatest(database);
  // NATS when asked for: then several processes can split the roles (DESIGN §5).
  const bus = config.natsUrl
    ? await createNatsBus({
        url: config.natsUrl,
        stream: config.natsStream,
        prefix: config.natsStream.toLowerCase(),
        now: () => clock.now(),
      })
    : createMemoryBus({ now: () => clock.now() });
  const audit = createAuditService({ database, clock, bus });
  const geo = await createGeoService({ database, clock });
  const directory = await createDirectoryService({ database, clock, geo, isCategory: isSmallClassCode });
  const auth = createAuthService({
    database,
    clock,
    directory,
    sessionIdleMs: config.sessionIdleMs,
    passwordMaxAgeDays: config.passwordMaxAgeDays,
    reauthWindowMs: config.reauthMinutes * 60_000,
  });
  const sensing = await createSensingService({ database, clock, bus, geo, directory, shards: config.shards });
  const engine = createRulesEngine({
    database,
    clock,
    bus,
    deviceFacts: sensing.deviceFacts,
    deviceIds: sensing.deviceIds,
    ...(options.engineOptions ? { options: options.engineOptions } : {}),
  });
  const rules = createRulesService({ database, clock, geo, isCategory: isSmallClassCode, bus, engine });
  const alerts = await createAlertsService({ database, clock, bus, geo, directory, isCategory: isSmallClassCode });
  const cases = createCasesService({
    database,
    clock,
    bus,
    geo,
    directory,
    dataDir: config.dataDir,
    timeZone: config.timeZone,
    getAlert: (id) => alerts.get(id),
    duplicates: {
      radiusM: config.duplicateRadiusM,
      windowMs: config.duplicateWindowHours * 3_600_000,
      autoMergeConfidence: config.duplicateAutoMergeConfidence,
    },
  });
  const webhooks = createWebhookService({ database, clock, bus });
  const dataKeys = resolveDataKeys(config);
  const registry = await createRegistryService({
    database,
    clock,
    audit,
    dataKeys,
    geo,
    userPath: async (id) => {
      const u = await directory.getUser(id);
      return u && !u.disabled ? geo.get(u.jurisdictionId)?.path : undefined;
    },
    caseExists: async (id) => (await cases.pathOf(id)) !== undefined,
  });
  const welfare = createWelfareService({
    database,
    clock,
    bus,
    audit,
    registry,
    cases,
    householdOf: (deviceId) => Promise.resolve(sensing.deviceFacts(deviceId)?.householdRef ?? null),
    userOf: async (id) => {
      const u = await directory.getUser(id);
      return u && { username: u.username, unitId: u.unitId, active: !u.disabled };
    },
  });
  const checkin = createCheckinService({
    database,
    clock,
    geo,
    audit,
    grants: registry.grants,
    dataKeys,
    retentionDays: config.checkinRetentionDays,
    timeZone: config.timeZone,
  });
  const bridge = createBridge({ config, database, clock, bus, cases, directory, audit });
  const publicServices = createPublicServices({ config, clock, database, bus, geo, directory, cases, audit, alerts });
  let started = false;
  let casesStarted = false;
  let stopDeviceWatch = (): void => {};
  // Case transitions go to the audit log; subscribed before cases start, so republished events are logged too.
  const startAudit = () => audit.start({ usernameOf: async (id) => (await directory.getUser(id))?.username });
  return {
    config,
    clock,
    database,
    bus,
    geo,
    directory,
    auth,
    sensing,
    engine,
    rules,
    alerts,
    cases,
    webhooks,
    audit,
    registry,
    welfare,
    checkin,
    bridge,
    ...publicServices,
    async startPipeline() {
      startAudit();
      // Before cases consume alerts: a welfare request's visit is stored before its case is filed.
      welfare.start();
      if (!casesStarted) await cases.start({ scheduler: false });
      casesStarted = true;
      await webhooks.start();
      await bridge.start();
      startPublic(publicServices);
      await alerts.start();
      await engine.start();
      // A device created, moved or retagged may now fall under other rules (or none).
      stopDeviceWatch = sensing.onDeviceChange((id) => {
        engine.deviceChanged(id).catch((e: unknown) => console.error(`rules: device ${id} change failed:`, e));
      });
      started = true;
    },
    async startScheduler() {
      startAudit();
      // Transitions the audit consumer missed (a crash between publication and its commit) are found in the timeline.
      audit.startSweep(timelineReader(database.db));
      await cases.start({ alerts: false, republish: !casesStarted });
      casesStarted = true;
      // Check-ins past retention are deleted (and the deletion audited) by the scheduler.
      checkin.start();
      startPublicScheduler(publicServices);
    },
    async close() {
      // Upstream first, so what is in flight is stored before the stages after it stop.
      await sensing.close();
      if (started) {
        stopDeviceWatch();
        await engine.stop();
        await alerts.stop();
      }
      // Always: a command given without the pipeline still leaves published flags to write.
      welfare.stop();
      await cases.stop();
      await webhooks.stop();
      await bridge.stop();
      await checkin.stop();
      await stopPublic(publicServices);
      await audit.stop();
      await bus.close();
      if (ownsDatabase) await database.close();
    },
  };
}

/**
 * Adds the HTTP app to built services; call `app.listen` or `app.inject` on the result.
 * @example const platform = await buildPlatform(await buildServices(config));
 */
export async function buildPlatform(services: Services, options: { logStream?: LogStream } = {}): Promise<Platform> {
  const { config, database, auth, clock } = services;
  const startedAt = clock.now();
  const { app, routes } = await createHttpApp({
    authenticate: auth.authenticate,
    version: VERSION,
    logLevel: config.logLevel,
    ...(options.logStream ? { logStream: options.logStream } : {}),
    hsts: config.secureCookies,
    rateLimits: { credentialsPerMinute: config.signInRateLimit, publicPerMinute: config.publicRateLimit },
  });
  registerHealthRoute(app, {
    version: VERSION,
    storage: { dialect: database.dialect, ping: () => pingDb(database) },
    startedAt,
    now: () => clock.now(),
  });
  const { screen, live } = registerModuleRoutes(app, services);
  await registerWebStatic(app, { root: WEB_DIST, buildHint: 'npm run build:web' });
  await app.ready();
  return {
    ...services,
    app,
    routes,
    async close() {
      // Open streams first: the server waits for them before it closes.
      live.close();
      screen.close();
      await app.close();
      await services.close();
    },
  };
}
