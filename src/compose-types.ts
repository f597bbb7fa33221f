/**
 * What the composition root builds, as types: the module services (`Services`) and the platform
 * with its HTTP app (`Platform`). Kept apart from compose.ts so the files that wire one part
 * (compose-routes.ts) can name them without an import cycle.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Clock } from './platform/clock.ts';
import type { Database } from './platform/db/create-db.ts';
import type { Bus } from './platform/bus/bus.ts';
import type { DeclaredRoute } from './platform/http/access-guard.ts';
import type { GeoService } from './geo/service.ts';
import type { DirectoryService } from './directory/service.ts';
import type { AuthService } from './directory/auth-service.ts';
import type { CasesService } from './cases/service.ts';
import type { WebhookService } from './cases/webhook-service.ts';
import type { SensingService } from './sensing/service.ts';
import type { RulesEngine } from './rules/engine.ts';
import type { RulesService } from './rules/service.ts';
import type { AlertsService } from './alerts/service.ts';
import type { AuditService } from './audit/service.ts';
import type { RegistryService } from './registry/service.ts';
import type { WelfareService } from './welfare/service.ts';
import type { CheckinService } from './checkin/service.ts';
import type { BridgeService } from './bridge/service.ts';
import type { PublicServices } from './compose-public.ts';

/** The module services, without HTTP. */
export interface Services extends PublicServices {
  config: Config;
  clock: Clock;
  database: Database;
  bus: Bus;
  geo: GeoService;
  directory: DirectoryService;
  auth: AuthService;
  sensing: SensingService;
  engine: RulesEngine;
  rules: RulesService;
  alerts: AlertsService;
  cases: CasesService;
  /** Signed webhooks pushing case events to units' own systems. */
  webhooks: WebhookService;
  /** The tamper-evident audit log: modules `record` what they must answer for. */
  audit: AuditService;
  /** Base data (people, entities, housing), masked reads and purpose grants; `registry.grants` is the GrantChecker. */
  registry: RegistryService;
  /** The elderly scenario's welfare-visit tasks: alert → household → residents, task grants, outcomes. */
  welfare: WelfareService;
  /** Venue check-ins (场所码): purpose-bound reads under grants, retention purge with the scheduler. */
  checkin: CheckinService;
  /** The 12345 / 一网通办 bridge: requests from outside systems, signed status callbacks to them. */
  bridge: BridgeService;
  /**
   * Starts the stages that consume the bus: cases (consume `alerts`), alerts (consume `signals`),
   * then the rules engine (consumes readings and detections, publishes `signals`). Only in
   * processes with the `rules` role.
   */
  startPipeline(): Promise<void>;
  /** Starts the deadline scheduler loop (processes with the `scheduler` role). */
  startScheduler(): Promise<void>;
  /** Stops background work and closes storage (unless the database was passed in). */
  close(): Promise<void>;
}

/** Services plus the HTTP app. */
export interface Platform extends Services {
  app: FastifyInstance;
  routes: DeclaredRoute[];
}
