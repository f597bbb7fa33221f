/**
 * `/api/v1/rules` over HTTP on the demo city (real storage, `inject()`):
 * - admins and shift leads write, operation-centre roles read, others are refused (401/403);
 * - input is normalised (`"5m"` → 300000) and bad input answered 400 naming the field;
 * - a writer's rule must lie within their scope (403 otherwise, and city-wide rules need a
 *   city-level writer); readers see the rules acting anywhere in their scope, others are 404;
 * - PATCH merges, DELETE removes; the state view lists the raised devices in the caller's scope;
 * - the OpenAPI document describes the routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { buildServices, type Services } from '../../src/compose.ts';
import { loadDemo } from '../../src/demo/load-demo.ts';
import { DEMO_PASSWORD } from '../../src/directory/demo-directory.ts';
import { createHttpApp } from '../../src/platform/http/app.ts';
import { registerAuthRoutes } from '../../src/directory/auth-routes.ts';
import { manualClock } from '../../src/platform/clock.ts';
import { isSmallClassCode } from '../../src/cases/catalogue-model.ts';
import type { DeviceFacts } from '../../src/sensing/reading-model.ts';
import { createRulesEngine, type RulesEngine } from '../../src/rules/engine.ts';
import { createRulesService } from '../../src/rules/service.ts';
import { registerRulesRoutes } from '../../src/rules/routes.ts';
import { openTestDb, type TestDb } from '../support/test-db.ts';

const T0 = Date.UTC(2026, 10, 27, 2, 0, 0);
const PASSWORD = 'Rules-api-test-2026!';
const water = {
  name: '道路积水',
  kind: 'threshold',
  params: { metric: 'water_level_cm', op: '>', threshold: 15, for: '5m', clear: { op: '<', threshold: 10 } },
  appliesTo: { deviceTypes: ['water_level_gauge'] },
  level: 'orange',
  messageTemplate: '{device} 水位 {value} cm 超过 {threshold} cm',
  caseCategory: 'E0401',
};

let t: TestDb;
let services: Services;
let app: FastifyInstance;
let engine: RulesEngine;
const devices = new Map<string, DeviceFacts>();
const headers = new Map<string, Record<string, string>>();

async function as(username: string): Promise<Record<string, string>> {
  const cached = headers.get(username);
  if (cached) return cached;
  const password = username.startsWith('t_') ? PASSWORD : DEMO_PASSWORD;
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = `cityops_session=${res.cookies.find((c) => c.name === 'cityops_session')!.value}`;
  const h = { cookie, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken };
  headers.set(username, h);
  return h;
}

async function call(username: string | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  return app.inject({ method, url, headers: username ? await as(username) : {}, ...(payload ? { payload } : {}) });
}

beforeAll(async () => {
  t = await openTestDb();
  const clock = manualClock(T0);
  services = await buildServices(loadConfig({}, { dataDir: t.dataDir, logLevel: 'silent', demo: true }), { clock, database: t.database });
  await loadDemo(services);
  const geo = services.geo;
  for (const [username, roles, code] of [
    ['t_lead_pudong', ['shift_lead'], '310115'],
    ['t_dispatcher_pudong', ['dispatcher'], '310115'],
  ] as const) {
    await services.directory.createUser({
      username,
      displayName: username,
      password: PASSWORD,
      roles: [...roles],
      jurisdictionId: geo.getByCode(code)!.id,
    });
  }
  engine = createRulesEngine({
    database: t.database,
    clock,
    deviceFacts: (id) => devices.get(id),
    options: { subscribe: false, tickMs: 1e9, snapshotMs: 1e9, rulesPollMs: 1e9 },
  });
  await engine.start();
  const rules = createRulesService({ database: t.database, clock, geo, isCategory: isSmallClassCode, engine });
  ({ app } = await createHttpApp({ authenticate: services.auth.authenticate, version: 'test' }));
  registerAuthRoutes(app, { auth: services.auth, directory: services.directory, geo, secureCookies: false });
  registerRulesRoutes(app, rules, geo);
  await app.ready();
});
afterAll(async () => {
  await engine?.stop();
  await app?.close();
  await t?.cleanup();
});

describe('/api/v1/rules', () => {
  it('lets an admin create, read, list, patch and delete a rule, normalised', async () => {
    const created = await call('admin', 'POST', '/api/v1/rules', water);
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json<{ id: string; params: { for: number }; appliesTo: { jurisdictionPath: string | null } }>();
    expect(rule).toMatchObject({ params: { for: 300_000, or: [] }, appliesTo: { jurisdictionPath: null }, revision: 1, enabled: true });
    expect((await call('dispatcher', 'GET', `/api/v1/rules/${rule.id}`)).json()).toEqual(rule);
    const thresholds = (await call('intake', 'GET', '/api/v1/rules?kind=threshold')).json<{ items: Array<{ kind: string }> }>().items;
    expect(thresholds).toContainEqual(rule);
    expect(new Set(thresholds.map((r) => r.kind))).toEqual(new Set(['threshold']));
    expect((await call('intake', 'GET', '/api/v1/rules?kind=absence')).json<{ items: unknown[] }>().items).not.toContainEqual(rule);
    const patched = await call('admin', 'PATCH', `/api/v1/rules/${rule.id}`, { enabled: false, params: { threshold: 20 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ enabled: false, revision: 2, params: { threshold: 20, for: 300_000 } });
    const replaced = await call('admin', 'PUT', `/api/v1/rules/${rule.id}`, { ...water, name: '积水（新）' });
    expect(replaced.json()).toMatchObject({ name: '积水（新）', enabled: true, revision: 3 });
    expect((await call('admin', 'DELETE', `/api/v1/rules/${rule.id}`)).statusCode).toBe(204);
    expect((await call('admin', 'GET', `/api/v1/rules/${rule.id}`)).json()).toMatchObject({ status: 404, code: 'RULE_NOT_FOUND' });
  });

  it.each([
    [{ params: { ...water.params, threshold: 'deep' } }, 'body.params.threshold'],
    [{ params: { ...water.params, clear: { op: '<', threshold: 30 } } }, 'body.params.clear.threshold'],
    [{ params: { ...water.params, for: 'a while' } }, 'body.params.for'],
    [{ level: 'purple' }, 'body.level'],
    [{ messageTemplate: '{device} {depth}' }, 'body.messageTemplate'],
    [{ appliesTo: { jurisdiction: '999999' } }, 'body.appliesTo.jurisdiction'],
    [{ caseCategory: 'E9999' }, 'body.caseCategory'],
  ])('refuses %j naming %s', async (change, field) => {
    const res = await call('admin', 'POST', '/api/v1/rules', { ...water, ...change });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ field });
  });

  it('names the field of a bad PATCH too', async () => {
    const id = (await call('admin', 'POST', '/api/v1/rules', water)).json<{ id: string }>().id;
    const res = await call('admin', 'PATCH', `/api/v1/rules/${id}`, { params: { clear: { op: '<', threshold: 99 } } });
    expect(res.json()).toMatchObject({ status: 400, field: 'body.params.clear.threshold' });
  });

  it('refuses strangers and roles that may not read or write', async () => {
    expect((await call(null, 'GET', '/api/v1/rules')).statusCode).toBe(401);
    expect((await call('inspector', 'GET', '/api/v1/rules')).json()).toMatchObject({ status: 403, code: 'ROLE_FORBIDDEN' });
    expect((await call('dispatcher', 'POST', '/api/v1/rules', water)).json()).toMatchObject({ status: 403, code: 'ROLE_FORBIDDEN' });
  });

  it('keeps writers within their scope and shows readers what acts in theirs', async () => {
    const cityWide = (await call('admin', 'POST', '/api/v1/rules', water)).json<{ id: string }>().id;
    const inHuangpu = { ...water, appliesTo: { ...water.appliesTo, jurisdiction: '310101' } };
    const own = await call('shift_lead', 'POST', '/api/v1/rules', inHuangpu);
    expect(own.statusCode, own.body).toBe(201);
    const ownId = own.json<{ id: string; appliesTo: { jurisdictionId: string } }>().id;
    expect(own.json()).toMatchObject({ appliesTo: { jurisdictionId: services.geo.getByCode('310101')!.id } });
    // By path as well as by code.
    const byPath = { ...water, appliesTo: { jurisdiction: services.geo.getByCode('310101002')!.path } };
    expect((await call('shift_lead', 'POST', '/api/v1/rules', byPath)).statusCode).toBe(201);

    expect((await call('t_lead_pudong', 'POST', '/api/v1/rules', inHuangpu)).json()).toMatchObject({
      status: 403,
      code: 'SCOPE_FORBIDDEN',
    });
    expect((await call('shift_lead', 'POST', '/api/v1/rules', water)).json()).toMatchObject({ status: 403, code: 'SCOPE_FORBIDDEN' });
    expect((await call('shift_lead', 'PATCH', `/api/v1/rules/${cityWide}`, { enabled: false })).statusCode).toBe(403);
    expect((await call('shift_lead', 'PATCH', `/api/v1/rules/${ownId}`, { appliesTo: { jurisdiction: '310115' } })).statusCode).toBe(403);
    expect((await call('shift_lead', 'DELETE', `/api/v1/rules/${cityWide}`)).statusCode).toBe(403);

    expect((await call('t_dispatcher_pudong', 'GET', `/api/v1/rules/${ownId}`)).statusCode).toBe(404);
    expect((await call('t_lead_pudong', 'PATCH', `/api/v1/rules/${ownId}`, { enabled: false })).statusCode).toBe(404);
    expect((await call('t_dispatcher_pudong', 'GET', `/api/v1/rules/${cityWide}`)).statusCode).toBe(200);
    const seen = (await call('t_dispatcher_pudong', 'GET', '/api/v1/rules'))
      .json<{ items: Array<{ id: string }> }>()
      .items.map((r) => r.id);
    expect(seen).toContain(cityWide);
    expect(seen).not.toContain(ownId);
    expect((await call('dispatcher', 'GET', '/api/v1/rules')).json<{ items: Array<{ id: string }> }>().items.map((r) => r.id)).toContain(
      ownId,
    );
  });

  it('shows the devices a rule is raised for, within the caller’s scope', async () => {
    const rule = (await call('admin', 'POST', '/api/v1/rules', { ...water, params: { ...water.params, for: 0 } })).json<{ id: string }>();
    const path = (code: string) => services.geo.getByCode(code)!.path;
    const gauge = (id: string, code: string): DeviceFacts => ({
      id,
      type: 'water_level_gauge',
      tags: [],
      jurisdictionPath: path(code),
      jurisdictionId: services.geo.getByCode(code)!.id,
      location: [121.48, 31.23],
      ownerUnitId: null,
      householdRef: null,
    });
    devices.set('g-huangpu', gauge('g-huangpu', '310101002'));
    devices.set('g-pudong', gauge('g-pudong', '310115'));
    const signals = engine.processBatch({
      readings: ['g-huangpu', 'g-pudong'].map((deviceId) => ({ deviceId, metric: 'water_level_cm', ts: T0, value: 30 })),
      receivedAt: T0,
    });
    expect(signals.filter((s) => s.ruleId === rule.id)).toHaveLength(2);
    const mine = (await call('dispatcher', 'GET', `/api/v1/rules/${rule.id}/state`)).json();
    expect(mine).toMatchObject({ ruleId: rule.id, source: 'engine', firing: [{ deviceId: 'g-huangpu' }] });
    const all = (await call('admin', 'GET', `/api/v1/rules/${rule.id}/state`)).json<{ firing: Array<{ deviceId: string }> }>();
    expect(all.firing.map((f) => f.deviceId).sort()).toEqual(['g-huangpu', 'g-pudong']);
  });

  it('is described in the OpenAPI document', async () => {
    const res = await app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/rules', '/api/v1/rules/{id}', '/api/v1/rules/{id}/state']));
  });
});
