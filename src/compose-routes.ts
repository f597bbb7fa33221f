/**
 * The modules' HTTP routes on the platform's app, in one list (order matters only for readers:
 * routes do not overlap), plus the city screen's read models and live feed, which exist only
 * with HTTP. Called by buildPlatform in compose.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from './compose-types.ts';
import { registerClockRoutes } from './platform/http/clock-routes.ts';
import { registerGeoRoutes } from './geo/routes.ts';
import { registerAuthRoutes } from './directory/auth-routes.ts';
import { registerDirectoryRoutes } from './directory/routes.ts';
import { registerCatalogueRoutes } from './cases/routes.ts';
import { registerCaseRoutes } from './cases/case-routes.ts';
import { registerWebhookRoutes } from './cases/webhook-routes.ts';
import { registerSupervisionRoutes } from './cases/supervision-routes.ts';
import { registerAttachmentRoutes } from './cases/attachment-routes.ts';
import { registerEvaluationRoutes } from './cases/evaluation-routes.ts';
import { registerImportRoutes } from './cases/import-routes.ts';
import { registerSensingRoutes } from './sensing/routes.ts';
import { registerRulesRoutes } from './rules/routes.ts';
import { registerAlertsRoutes } from './alerts/routes.ts';
import { createScreenService } from './screen/service.ts';
import { registerScreenRoutes } from './screen/routes.ts';
import { createLiveService } from './live/service.ts';
import { registerLiveRoutes } from './live/routes.ts';
import { registerDemoRoutes } from './demo/demo-routes.ts';
import { registerAuditRoutes } from './audit/routes.ts';
import { registerRegistryRoutes } from './registry/routes.ts';
import { registerGrantRoutes } from './registry/grant-routes.ts';
import { registerWelfareRoutes } from './welfare/routes.ts';
import { registerCheckinRoutes } from './checkin/routes.ts';
import { registerBridge } from './compose-bridge.ts';
import { registerPublicRoutes } from './compose-public.ts';

/**
 * Registers every module's routes; returns the screen and live services to close with the app.
 * @example const { screen, live } = registerModuleRoutes(app, services);
 */
export function registerModuleRoutes(app: FastifyInstance, services: Services) {
  const { config, geo, directory, auth, clock, sensing, rules, alerts } = services;
  registerGeoRoutes(app, geo);
  registerAuthRoutes(app, { auth, directory, geo, secureCookies: config.secureCookies, audit: services.audit });
  registerDirectoryRoutes(app, directory, geo, services.audit);
  registerCatalogueRoutes(app);
  registerSensingRoutes(app, sensing);
  registerRulesRoutes(app, rules, geo);
  registerAlertsRoutes(app, alerts, geo);
  registerCaseRoutes(app, services.cases, geo);
  registerWebhookRoutes(app, services.webhooks, { directory, geo });
  registerSupervisionRoutes(app, services.cases);
  registerAttachmentRoutes(app, services.cases);
  registerEvaluationRoutes(app, services.cases.evaluation, geo);
  registerImportRoutes(app, services.cases);
  // The city screen: read models and the live feed (one bus subscription per subject, shared by all clients).
  const screen = createScreenService({ ...services, timeZone: config.timeZone });
  const live = createLiveService({ bus: services.bus, clock, kpis: (scopePath) => screen.kpis(scopePath) });
  registerScreenRoutes(app, screen, geo);
  registerLiveRoutes(app, live, geo);
  registerClockRoutes(app, {
    clock,
    roles: ['admin', 'shift_lead'],
    topPath: () => geo.list('city')[0]?.path ?? null,
    onMoved: () => services.cases.tick(),
  });
  registerDemoRoutes(app, { enabled: config.demo, geo, directory });
  registerAuditRoutes(app, services.audit, { topPath: () => geo.list('city')[0]?.path ?? null });
  registerRegistryRoutes(app, services.registry, { geo });
  registerGrantRoutes(app, services.registry);
  registerWelfareRoutes(app, services.welfare, (id) => services.cases.pathOf(id));
  registerCheckinRoutes(app, services.checkin, { geo });
  registerBridge(app, services.bridge, geo);
  registerPublicRoutes(app, services);
  return { screen, live };
}
