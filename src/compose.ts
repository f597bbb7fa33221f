/**
 * The composition root: configuration → storage → module services → HTTP app. Used by
 * `cityops start`, by the CLI commands that need services, and by tests (with `inject()`).
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { createDb, migrateToLatest, pingDb, type Database } from './platform/db/create-db.ts';
import { createHttpApp } from './platform/http/app.ts';
import type { DeclaredRoute } from './platform/http/access-guard.ts';
import { registerHealthRoute } from './platform/http/health-route.ts';
import { createGeoService, type GeoService } from './geo/service.ts';
import { registerGeoRoutes } from './geo/routes.ts';
import { createDirectoryService, type DirectoryService } from './directory/service.ts';
import { createAuthService, type AuthService } from './directory/auth-service.ts';
import { registerAuthRoutes } from './directory/auth-routes.ts';
import { registerDirectoryRoutes } from './directory/routes.ts';
import { registerCatalogueRoutes } from './cases/routes.ts';
import { isSmallClassCode } from './cases/catalogue-model.ts';
import { VERSION } from './version.ts';

/** The module services, without HTTP. */
export interface Services {
  config: Config;
  clock: Clock;
  database: Database;
  geo: GeoService;
  directory: DirectoryService;
  auth: AuthService;
}

/** Services plus the HTTP app. */
export interface Platform extends Services {
  app: FastifyInstance;
  routes: DeclaredRoute[];
  close(): Promise<void>;
}

/** Options for tests and tools. */
export interface BuildOptions {
  clock?: Clock;
  /** Use this database instead of opening the configured one (it is not closed by `close`). */
  database?: Database;
  /** SQLite file override (e.g. ':memory:'). */
  sqliteFile?: string;
}

/**
 * Opens storage, migrates it and creates the services.
 * @example const services = await buildServices(loadConfig(process.env));
 */
export async function buildServices(config: Config, options: BuildOptions = {}): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const database = options.database ?? (await createDb({ ...config, ...(options.sqliteFile ? { sqliteFile: options.sqliteFile } : {}) }));
  await migrateToLatest(database);
  const geo = await createGeoService({ database, clock });
  const directory = await createDirectoryService({ database, clock, geo, isCategory: isSmallClassCode });
  const auth = createAuthService({ database, clock, directory, sessionIdleMs: config.sessionIdleMs });
  return { config, clock, database, geo, directory, auth };
}

/**
 * Adds the HTTP app to built services; call `app.listen` or `app.inject` on the result.
 * @example const platform = await buildPlatform(await buildServices(config));
 */
export async function buildPlatform(services: Services, options: { ownsDatabase?: boolean } = {}): Promise<Platform> {
  const { config, database, geo, directory, auth, clock } = services;
  const startedAt = clock.now();
  const { app, routes } = await createHttpApp({ authenticate: auth.authenticate, version: VERSION, logLevel: config.logLevel });
  registerHealthRoute(app, {
    version: VERSION,
    storage: { dialect: database.dialect, ping: () => pingDb(database) },
    startedAt,
    now: () => clock.now(),
  });
  registerGeoRoutes(app, geo);
  registerAuthRoutes(app, { auth, directory, geo, secureCookies: config.secureCookies });
  registerDirectoryRoutes(app, directory, geo);
  registerCatalogueRoutes(app);
  await app.ready();
  return {
    ...services,
    app,
    routes,
    async close() {
      await app.close();
      if (options.ownsDatabase !== false) await database.close();
    },
  };
}
