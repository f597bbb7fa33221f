/**
 * Wiring of the public module (issue 7: citizen core and portal, Open311, scenarios, open
 * statistics). compose.ts calls these four functions; each part of the module adds its own
 * lines below — keep each function a plain list.
 */
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { ConfigError, type Config } from './config.ts';
import type { Clock } from './platform/clock.ts';
import type { Database } from './platform/db/create-db.ts';
import type { Bus } from './platform/bus/bus.ts';
import type { GeoService } from './geo/service.ts';
import type { DirectoryService } from './directory/service.ts';
import type { CasesService } from './cases/service.ts';
import type { AuditService } from './audit/service.ts';
import { getSmallClass, isSmallClassCode } from './cases/catalogue-model.ts';
import { createCitizenService, type CitizenService } from './public/citizen/service.ts';
import { DEFAULT_MODERATION, parseWordList, type ModerationSettings } from './public/citizen/moderation-model.ts';
import { registerCitizenRoutes } from './public/citizen/routes.ts';
import { createKeyService, type KeyService } from './public/open311/key-service.ts';
import { createOpen311Service, type Open311Service } from './public/open311/service.ts';
import { registerOpen311Routes } from './public/open311/routes.ts';
import { registerOpen311KeyRoutes } from './public/open311/key-routes.ts';
import type { AlertsService } from './alerts/service.ts';
import { createScenariosService, type ScenariosService } from './public/scenarios/service.ts';
import { registerScenarioRoutes } from './public/scenarios/routes.ts';
import { createOpenStatsService, type OpenStatsService } from './public/open-stats/service.ts';
import { registerOpenStatsRoutes } from './public/open-stats/routes.ts';

/** What the public services are built from (all built before them in buildServices). */
export interface PublicDeps {
  config: Config;
  clock: Clock;
  database: Database;
  bus: Bus;
  geo: GeoService;
  directory: DirectoryService;
  cases: CasesService;
  audit: AuditService;
  /** Alerts raised per rule, for the published scenarios' figures. */
  alerts: Pick<AlertsService, 'raisedByRule'>;
}

/** The public module's services (part of `Services`). */
export interface PublicServices {
  /** The citizen core: the one door for public reports (portal, Open311), moderation, public views. */
  citizen: CitizenService;
  /** Open311 GeoReport v2 over the citizen core, and the api keys of its client applications. */
  open311: Open311Service;
  open311Keys: KeyService;
  /** The published register of application scenarios, its figures, feed and frozen monthly snapshots. */
  scenarios: ScenariosService;
  /** Open statistics: monthly indicators per district with small counts suppressed. */
  openStats: OpenStatsService;
}

/** A per-hour or per-day count as a token bucket (0: no limit). */
function perPeriod(count: number, minutes: number) {
  return count > 0 ? { burst: count, perMinute: count / minutes } : null;
}

/**
 * The moderation settings: the built-in ones, with the operator's abusive words added from
 * `CITYOPS_CITIZEN_ABUSE_WORDS_FILE` when set (an unreadable file stops the start, naming it).
 * @example moderationSettings(config).abusiveWords.length;
 */
export function moderationSettings(config: Pick<Config, 'citizenAbuseWordsFile'>): ModerationSettings {
  const file = config.citizenAbuseWordsFile;
  if (!file) return DEFAULT_MODERATION;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError('CITYOPS_CITIZEN_ABUSE_WORDS_FILE', `cannot read ${file}: ${(e as Error).message}`);
  }
  const words = parseWordList(text);
  return { ...DEFAULT_MODERATION, abusiveWords: [...new Set([...DEFAULT_MODERATION.abusiveWords, ...words])] };
}

/**
 * Builds the public services.
 * @example const pub = createPublicServices({ config, clock, database, bus, geo, directory, cases, audit });
 */
export function createPublicServices(d: PublicDeps): PublicServices {
  const citizen = createCitizenService({
    database: d.database,
    clock: d.clock,
    cases: d.cases,
    audit: d.audit,
    isCategory: isSmallClassCode,
    categoryName: (code) => {
      const c = getSmallClass(code);
      return c ? `${c.zh} · ${c.en}` : code;
    },
    unitName: (id) => d.directory.getUnit(id)?.name ?? null,
    options: {
      perIp: perPeriod(d.config.citizenReportsPerIpHour, 60),
      perContact: perPeriod(d.config.citizenReportsPerContactDay, 1440),
      heldDays: d.config.citizenHeldDays,
      moderation: moderationSettings(d.config),
    },
  });
  const open311Keys = createKeyService({ database: d.database, clock: d.clock, audit: d.audit, geo: d.geo });
  const open311 = createOpen311Service({
    citizen,
    keys: open311Keys,
    geo: {
      find: (idOrCode) => d.geo.find(idOrCode),
      list: () => d.geo.list(),
      locate: (lon, lat) => d.geo.locate(lon, lat),
      isCity: (idOrCode) => d.geo.find(idOrCode)?.level === 'city',
    },
    clock: d.clock,
    settings: { jurisdictionId: d.config.open311JurisdictionId, timeZone: d.config.timeZone },
  });
  const scenarios = createScenariosService({
    database: d.database,
    clock: d.clock,
    audit: d.audit,
    timeZone: d.config.timeZone,
    alertsRaised: (from, to) => d.alerts.raisedByRule(from, to),
    casesClosed: (from, to) => d.cases.evaluation.closedByCategory(from, to),
    isCategory: isSmallClassCode,
  });
  const openStats = createOpenStatsService({
    evaluation: d.cases.evaluation,
    geo: d.geo,
    clock: d.clock,
    timeZone: d.config.timeZone,
    suppressionThreshold: d.config.openStatsMinCount,
  });
  return { citizen, open311, open311Keys, scenarios, openStats };
}

/** Starts the public module's background work (processes with the `rules` role). */
export function startPublic(_s: PublicServices): void {}

/**
 * Starts the public module's scheduled work (processes with the `scheduler` role): freezing last
 * month's scenario snapshot, expiring citizen reports held past the moderation period.
 */
export function startPublicScheduler(s: PublicServices): void {
  s.scenarios.start();
  s.citizen.moderation.start();
}

/** Stops it. */
export async function stopPublic(s: PublicServices): Promise<void> {
  await s.scenarios.stop();
  await s.citizen.moderation.stop();
}

/**
 * Registers the public module's routes.
 * @example registerPublicRoutes(app, services);
 */
export function registerPublicRoutes(app: FastifyInstance, s: PublicServices & { geo: GeoService }): void {
  registerCitizenRoutes(app, s.citizen, { geo: s.geo });
  registerOpen311Routes(app, s.open311);
  registerOpen311KeyRoutes(app, s.open311Keys, { topPath: () => s.geo.list('city')[0]?.path ?? null });
  registerScenarioRoutes(app, s.scenarios, { topPath: () => s.geo.list('city')[0]?.path ?? null });
  registerOpenStatsRoutes(app, s.openStats);
}
