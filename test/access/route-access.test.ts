/**
 * Enumerates every registered /api/v1 route and proves each one refuses an anonymous caller, a
 * caller with the wrong role and a caller scoped to another jurisdiction — and, as a control,
 * admits the right caller. A new route without a fixture here fails the test, so no route can
 * be added without its access being proven.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, signIn, type TestPlatform, type TestSession } from '../support/platform.ts';
import { ROLE_LIST, type Role } from '../../src/directory/roles.ts';
import type { DeclaredRoute } from '../../src/platform/http/access-guard.ts';
import { SENSING_ACCESS_FIXTURES, seedSensingAccess } from '../sensing/access-fixtures.ts';
import { AUDIT_ACCESS_FIXTURES } from '../audit/access-fixtures.ts';
import { SECURITY_ACCESS_FIXTURES } from '../security/access-fixtures.ts';
import { REGISTRY_ACCESS_FIXTURES, seedRegistryAccess } from '../registry/access-fixtures.ts';
import { WELFARE_ACCESS_FIXTURES, seedWelfareAccess } from '../welfare/access-fixtures.ts';
import { CHECKIN_ACCESS_FIXTURES, CHECKIN_PUBLIC_ROUTES, seedCheckinAccess } from '../checkin/access-fixtures.ts';
import { CITIZEN_ACCESS_FIXTURES, CITIZEN_PUBLIC_ROUTES, seedCitizenAccess } from '../public/access-fixtures-citizen.ts';
import { BRIDGE_ACCESS_FIXTURES, seedBridgeAccess } from '../bridge/access-fixtures.ts';
import { OPEN311_ACCESS_FIXTURES, OPEN311_PUBLIC_ROUTES, seedOpen311Access } from '../public/access-fixtures-open311.ts';
import { SCENARIO_ACCESS_FIXTURES, SCENARIO_PUBLIC_ROUTES, seedScenarioAccess } from '../public/access-fixtures-scenarios.ts';
import type { RuleSignal } from '../../src/rules/signal-model.ts';
import { enqueueDeliveries } from '../../src/cases/webhook-store.ts';
import { newId } from '../../src/platform/ids.ts';

const PASSWORD = 'Access-test-2026!';
const HOME = '310101'; // 黄浦区: the fixtures' resources live here
const OTHER = '310115'; // 浦东新区: the wrong jurisdiction

/** Routes that are deliberately public; anything else public is a mistake. */
const PUBLIC_ROUTES = new Set([
  'GET /api/v1/health',
  'GET /api/v1/geo/locate',
  'POST /api/v1/geo/locate',
  'GET /api/v1/jurisdictions',
  'GET /api/v1/jurisdictions/:id',
  'GET /api/v1/jurisdictions/:id/boundary',
  'POST /api/v1/auth/sign-in',
  'GET /api/v1/demo/accounts',
  'GET /api/v1/catalogue',
  'GET /api/v1/catalogue/:code',
  'GET /api/v1/calendar',
  'GET /api/v1/calendar/due',
  ...CHECKIN_PUBLIC_ROUTES,
  ...CITIZEN_PUBLIC_ROUTES,
  ...OPEN311_PUBLIC_ROUTES,
  ...SCENARIO_PUBLIC_ROUTES,
]);

interface Fixture {
  /** Builds the request aimed at a resource in HOME. */
  request(ctx: Ctx): { url: string; payload?: unknown; headers?: Record<string, string> };
  /**
   * For routes with no scope resolver: how an out-of-scope caller is refused. 'self' means the
   * route only ever acts on the caller's own identity, so there is no other jurisdiction to reach.
   */
  unscoped?: 'self' | ((res: { statusCode: number; json(): unknown }, ctx: Ctx) => void);
  /** Status an out-of-scope caller gets from an unscoped route (default 200). */
  unscopedStatus?: number;
  /** Status the right caller gets when 2xx is impossible in a test platform (e.g. 409 for a real clock). */
  okStatus?: number;
}

interface Ctx {
  p: TestPlatform;
  id(code: string): string;
  unit(code: string): string;
  huangpuUserId: string;
  tokenId: string;
  n: number;
  /** Alerts in 南京东路街道: one to read, one to acknowledge, one to close. */
  alerts: { view: string; ack: string; close: string };
  /** A rule scoped to 黄浦区, and a fresh one per DELETE call. */
  ruleId: string;
  ruleToDelete: string;
  newRule(): Promise<string>;
  /** A case in 南京东路街道 with a photo, a proposed duplicate of it, and an open supervision order. */
  cases: { view: string; duplicate: string; proposal: string; order: string; photo: string };
  /** A webhook of 黄浦区's water bureau per DELETE call, and a dead letter of one per retry call. */
  webhookToDelete: string;
  deadLetter: string;
}

/** Inside every scope's out-of-scope answer of a list: nothing from 黄浦区. */
const noneFromHome = (res: { json(): unknown }, c: Ctx) => {
  const home = c.p.geo.getByCode(HOME)!.path;
  const body = res.json() as { items?: Array<{ jurisdictionPath: string }> } | Array<{ caseId: string }>;
  const items = Array.isArray(body) ? body : (body.items ?? []);
  for (const item of items)
    expect('jurisdictionPath' in item ? item.jurisdictionPath.startsWith(home) : item.caseId === c.cases.view).toBe(false);
};
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Where fixture webhooks point: the discard port, refused at once, so no test request leaves the machine. */
const HOOK_URL = 'http://127.0.0.1:9/access-test';

/** A rule that watches standing water in 黄浦区 only. */
const huangpuRule = (c: Ctx, name: string) => ({
  name,
  kind: 'threshold',
  params: { metric: 'water_level_cm', op: '>', threshold: 20, for: '5m', clear: { op: '<', threshold: 10 } },
  appliesTo: { deviceTypes: ['water_level_gauge'], jurisdiction: c.id(HOME) },
  level: 'orange',
  messageTemplate: '{device} 水位 {value} cm',
});

let counter = 0;
const FIXTURES: Record<string, Fixture> = {
  'POST /api/v1/auth/sign-out': { request: () => ({ url: '/api/v1/auth/sign-out' }), unscoped: 'self' },
  'GET /api/v1/auth/me': { request: () => ({ url: '/api/v1/auth/me' }), unscoped: 'self' },
  'GET /api/v1/roles': { request: () => ({ url: '/api/v1/roles' }), unscoped: 'self' },
  'POST /api/v1/auth/tokens': {
    request: (c) => ({ url: '/api/v1/auth/tokens', payload: { userId: c.huangpuUserId, name: `t${++counter}` } }),
  },
  'DELETE /api/v1/auth/tokens/:id': { request: (c) => ({ url: `/api/v1/auth/tokens/${c.tokenId}` }) },
  'GET /api/v1/units': { request: (c) => ({ url: `/api/v1/units?jurisdiction=${c.id(HOME)}` }) },
  'GET /api/v1/units/:id': { request: (c) => ({ url: `/api/v1/units/${c.unit('D-310101-water')}` }) },
  'POST /api/v1/units': {
    request: (c) => ({
      url: '/api/v1/units',
      payload: { code: `T-unit-${++counter}`, kind: 'department', departmentKind: 'water', name: '测试部门', jurisdictionId: c.id(HOME) },
    }),
  },
  'GET /api/v1/responsibilities': { request: (c) => ({ url: `/api/v1/responsibilities?jurisdiction=${c.id(HOME)}` }) },
  'GET /api/v1/responsibilities/resolve': {
    request: (c) => ({ url: `/api/v1/responsibilities/resolve?category=E0101&jurisdiction=${c.id('310101002')}` }),
  },
  'PUT /api/v1/responsibilities': {
    request: (c) => ({
      url: '/api/v1/responsibilities',
      payload: { categoryCode: 'E0101', jurisdictionId: c.id(HOME), unitId: c.unit('D-310101-greening_sanitation') },
    }),
  },
  'GET /api/v1/users': {
    request: () => ({ url: '/api/v1/users' }),
    unscoped: (res, c) => {
      const items = (res.json() as { items: Array<{ jurisdictionId: string }> }).items;
      expect(items.length).toBeGreaterThan(0);
      for (const u of items) expect(c.p.geo.get(u.jurisdictionId)!.path.startsWith(c.p.geo.getByCode(OTHER)!.path)).toBe(true);
    },
  },
  ...SENSING_ACCESS_FIXTURES,
  ...AUDIT_ACCESS_FIXTURES,
  ...SECURITY_ACCESS_FIXTURES,
  ...REGISTRY_ACCESS_FIXTURES,
  ...WELFARE_ACCESS_FIXTURES,
  ...CHECKIN_ACCESS_FIXTURES,
  ...CITIZEN_ACCESS_FIXTURES,
  ...BRIDGE_ACCESS_FIXTURES,
  ...OPEN311_ACCESS_FIXTURES,
  ...SCENARIO_ACCESS_FIXTURES,
  'GET /api/v1/alerts': { request: (c) => ({ url: `/api/v1/alerts?jurisdiction=${c.id(HOME)}` }) },
  'GET /api/v1/alerts/:id': { request: (c) => ({ url: `/api/v1/alerts/${c.alerts.view}` }) },
  'POST /api/v1/alerts/:id/acknowledge': { request: (c) => ({ url: `/api/v1/alerts/${c.alerts.ack}/acknowledge`, payload: {} }) },
  'POST /api/v1/alerts/:id/close': {
    request: (c) => ({ url: `/api/v1/alerts/${c.alerts.close}/close`, payload: { note: '访问测试关闭' } }),
  },
  'GET /api/v1/alert-policies': { request: (c) => ({ url: `/api/v1/alert-policies?jurisdiction=${c.id(HOME)}` }) },
  'PUT /api/v1/alert-policies': {
    request: (c) => ({
      url: '/api/v1/alert-policies',
      payload: {
        jurisdictionId: c.id(HOME),
        policies: [{ name: '黄浦访问测试', match: { categories: ['E0401'] }, actions: [{ kind: 'notify_only' }] }],
      },
    }),
  },
  'GET /api/v1/rules': {
    request: () => ({ url: '/api/v1/rules' }),
    // A caller sees the city-wide rules and those overlapping their scope, never 黄浦区's own.
    unscoped: (res, c) => {
      const items = res.json() as { items: Array<{ appliesTo: { jurisdictionPath: string | null } }> };
      const other = c.p.geo.getByCode(OTHER)!.path;
      for (const r of items.items) {
        const path = r.appliesTo.jurisdictionPath;
        expect(path === null || path.startsWith(other) || other.startsWith(path)).toBe(true);
      }
    },
  },
  'POST /api/v1/rules': { request: (c) => ({ url: '/api/v1/rules', payload: huangpuRule(c, `acc-rule-${++counter}`) }) },
  'GET /api/v1/rules/:id': { request: (c) => ({ url: `/api/v1/rules/${c.ruleId}` }) },
  'PUT /api/v1/rules/:id': { request: (c) => ({ url: `/api/v1/rules/${c.ruleId}`, payload: huangpuRule(c, `acc-rule-put-${++counter}`) }) },
  'PATCH /api/v1/rules/:id': { request: (c) => ({ url: `/api/v1/rules/${c.ruleId}`, payload: { level: 'red' } }) },
  'DELETE /api/v1/rules/:id': { request: (c) => ({ url: `/api/v1/rules/${c.ruleToDelete}` }) },
  'GET /api/v1/rules/:id/state': { request: (c) => ({ url: `/api/v1/rules/${c.ruleId}/state` }) },
  'POST /api/v1/cases': {
    request: (c) => {
      const [lon, lat] = c.p.geo.getByCode('310101002')!.center;
      return { url: '/api/v1/cases', payload: { category: 'E0102', description: '访问测试', location: { lon: lon + 0.003, lat } } };
    },
  },
  'POST /api/v1/cases/import': {
    request: (c) => {
      const [lon, lat] = c.p.geo.getByCode('310101002')!.center;
      return {
        url: '/api/v1/cases/import',
        payload: [{ ref: `acc-${++counter}`, category: 'E0104', description: '访问测试', lon: lon + 0.002, lat }],
      };
    },
    // A work order outside the caller's scope is refused row by row, not stored.
    unscoped: (res) => expect(res.json()).toMatchObject({ accepted: 0, rejectedRows: 1 }),
  },
  'POST /api/v1/cases/from-alert': { request: (c) => ({ url: '/api/v1/cases/from-alert', payload: { alertId: c.alerts.view } }) },
  'GET /api/v1/cases': { request: (c) => ({ url: `/api/v1/cases?jurisdiction=${c.id(HOME)}` }) },
  'GET /api/v1/cases/:id': { request: (c) => ({ url: `/api/v1/cases/${c.cases.view}` }) },
  'GET /api/v1/cases/:id/timeline': { request: (c) => ({ url: `/api/v1/cases/${c.cases.view}/timeline` }) },
  'GET /api/v1/cases/:id/reporter': { request: (c) => ({ url: `/api/v1/cases/${c.cases.view}/reporter` }) },
  'GET /api/v1/cases/:id/duplicates': { request: (c) => ({ url: `/api/v1/cases/${c.cases.duplicate}/duplicates` }) },
  'POST /api/v1/cases/:id/commands': {
    request: (c) => ({ url: `/api/v1/cases/${c.cases.view}/commands`, payload: { type: 'comment', note: '访问测试' } }),
  },
  'GET /api/v1/queues/:name': { request: () => ({ url: '/api/v1/queues/to-dispatch' }), unscoped: noneFromHome },
  'GET /api/v1/supervision-orders': { request: () => ({ url: '/api/v1/supervision-orders' }), unscoped: noneFromHome },
  'POST /api/v1/supervision-orders/:id/resolve': {
    request: (c) => ({
      url: `/api/v1/supervision-orders/${c.cases.order}/resolve`,
      payload: { resolution: 'new_deadline', dueAt: c.p.clock.now() + 3_600_000, note: '访问测试' },
    }),
    unscoped: () => undefined,
    unscopedStatus: 404,
  },
  'POST /api/v1/duplicate-proposals/:id/decision': {
    request: (c) => ({
      url: `/api/v1/duplicate-proposals/${c.cases.proposal}/decision`,
      payload: { decision: 'dismiss', reason: '访问测试' },
    }),
    unscoped: () => undefined,
    unscopedStatus: 404,
  },
  'POST /api/v1/attachments': {
    request: () => ({ url: '/api/v1/attachments?name=a.png', payload: PNG, headers: { 'content-type': 'image/png' } }),
    // An upload belongs to no place until a report or command cites it (and is then scope-checked).
    unscoped: () => undefined,
    unscopedStatus: 201,
  },
  'GET /api/v1/attachments/:id': {
    request: (c) => ({ url: `/api/v1/attachments/${c.cases.photo}` }),
    unscoped: () => undefined,
    unscopedStatus: 404,
  },
  'GET /api/v1/evaluation': {
    request: (c) => ({ url: `/api/v1/evaluation?from=${c.p.clock.now() - 86_400_000}&to=${c.p.clock.now()}&jurisdiction=${c.id(HOME)}` }),
  },
  'GET /api/v1/evaluation/export': {
    request: (c) => ({
      url: `/api/v1/evaluation/export?from=${c.p.clock.now() - 86_400_000}&to=${c.p.clock.now()}&jurisdiction=${c.id(HOME)}&format=csv`,
    }),
  },
  // The live feed streams until the client leaves; `once=1` sends what is due and ends, so inject() returns.
  'GET /api/v1/live': { request: (c) => ({ url: `/api/v1/live?jurisdiction=${c.id(HOME)}&once=1` }) },
  'GET /api/v1/screen/kpis': { request: (c) => ({ url: `/api/v1/screen/kpis?jurisdiction=${c.id(HOME)}` }) },
  'GET /api/v1/screen/jurisdictions': { request: (c) => ({ url: `/api/v1/screen/jurisdictions?level=street&parent=${c.id(HOME)}` }) },
  'GET /api/v1/screen/alerts': { request: (c) => ({ url: `/api/v1/screen/alerts?jurisdiction=${c.id(HOME)}` }) },
  'GET /api/v1/screen/cases': { request: (c) => ({ url: `/api/v1/screen/cases?jurisdiction=${c.id(HOME)}` }) },
  'GET /api/v1/screen/devices': { request: (c) => ({ url: `/api/v1/screen/devices?jurisdiction=${c.id(HOME)}` }) },
  'GET /api/v1/admin/clock': { request: () => ({ url: '/api/v1/admin/clock' }), unscoped: 'self' },
  'POST /api/v1/admin/clock': { request: () => ({ url: '/api/v1/admin/clock', payload: { advanceMs: 1000 } }), okStatus: 409 },
  'POST /api/v1/webhooks': { request: (c) => ({ url: '/api/v1/webhooks', payload: { unitId: c.unit('D-310101-water'), url: HOOK_URL } }) },
  'GET /api/v1/webhooks': { request: (c) => ({ url: `/api/v1/webhooks?unit=${c.unit('D-310101-water')}` }) },
  'DELETE /api/v1/webhooks/:id': { request: (c) => ({ url: `/api/v1/webhooks/${c.webhookToDelete}` }) },
  'GET /api/v1/webhooks/dead-letters': { request: (c) => ({ url: `/api/v1/webhooks/dead-letters?unit=${c.unit('D-310101-water')}` }) },
  'POST /api/v1/webhooks/deliveries/:id/retry': { request: (c) => ({ url: `/api/v1/webhooks/deliveries/${c.deadLetter}/retry` }) },
  'GET /api/v1/users/:id': { request: (c) => ({ url: `/api/v1/users/${c.huangpuUserId}` }) },
  'POST /api/v1/users': {
    request: (c) => ({
      url: '/api/v1/users',
      payload: {
        username: `new_user_${++counter}`,
        displayName: '新用户',
        password: PASSWORD,
        roles: ['inspector'],
        jurisdictionId: c.id(HOME),
      },
    }),
  },
};

let p: TestPlatform;
let ctx: Ctx;
const sessions = new Map<string, TestSession>();
const created = new Set<string>();

async function userFor(role: Role, scope: 'city' | 'home' | 'other'): Promise<TestSession> {
  const key = `${role}_${scope}`;
  const cached = sessions.get(key);
  if (cached) return cached;
  const code = scope === 'city' ? '310000' : scope === 'home' ? HOME : OTHER;
  const unitCode = role === 'handler' ? `D-${scope === 'other' ? OTHER : HOME}-water` : null;
  if (!created.has(key)) {
    await p.directory.createUser({
      username: `acc_${key}`,
      displayName: key,
      password: PASSWORD,
      roles: [role],
      jurisdictionId: ctx.id(code),
      unitId: unitCode ? ctx.unit(unitCode) : null,
    });
    created.add(key);
  }
  const s = await signIn(p, `acc_${key}`, PASSWORD);
  sessions.set(key, s);
  return s;
}

async function call(route: DeclaredRoute, session: TestSession | null) {
  // DELETE consumes its rule; each call gets a fresh one.
  if (route.method === 'DELETE' && route.url === '/api/v1/rules/:id') ctx.ruleToDelete = await ctx.newRule();
  // Webhook DELETE consumes its webhook and retry its dead letter; each call gets fresh ones.
  if (route.url === '/api/v1/webhooks/:id') ctx.webhookToDelete = await newWebhook(p);
  if (route.url === '/api/v1/webhooks/deliveries/:id/retry') ctx.deadLetter = await newDeadLetter(p);
  const { url, payload, headers } = FIXTURES[`${route.method} ${route.url}`]!.request(ctx);
  // Tokens are consumed by DELETE; make a fresh one for every call.
  ctx.tokenId = (await p.auth.createToken(ctx.huangpuUserId, `fixture-${++counter}`, null)).id;
  const res = await p.app.inject({
    method: route.method as 'GET',
    url: url.replace(/\/api\/v1\/auth\/tokens\/[^/?]+$/, `/api/v1/auth/tokens/${ctx.tokenId}`),
    headers: { ...(session?.headers ?? {}), ...(headers ?? {}) },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return res;
}

beforeAll(async () => {
  p = await startTestPlatform();
  const huangpuUser = await p.directory.createUser({
    username: 'acc_target',
    displayName: 'target',
    password: PASSWORD,
    roles: ['inspector'],
    jurisdictionId: p.geo.getByCode(HOME)!.id,
  });
  ctx = {
    p,
    id: (code) => p.geo.getByCode(code)!.id,
    unit: (code) => p.directory.getUnitByCode(code)!.id,
    huangpuUserId: huangpuUser.id,
    tokenId: '',
    n: 0,
    alerts: { view: '', ack: '', close: '' },
    cases: { view: '', duplicate: '', proposal: '', order: '', photo: '' },
    webhookToDelete: '',
    deadLetter: '',
    ruleId: '',
    ruleToDelete: '',
    newRule: async () =>
      (await p.rules.create(huangpuRule(ctx, `acc-rule-${++counter}`), { userId: null, scopePath: p.geo.getByCode('310000')!.path })).id,
  };
  ctx.ruleId = await ctx.newRule();
  await seedSensingAccess(p.sensing);
  await seedRegistryAccess(p);
  await seedWelfareAccess(p);
  await seedCheckinAccess(p.checkin, p.geo);
  await seedCitizenAccess(p.citizen, p.geo);
  await seedBridgeAccess(p, p.geo);
  await seedOpen311Access(p.open311Keys);
  await seedScenarioAccess(p.scenarios);
  const nj = p.geo.getByCode('310101002')!;
  const now = p.clock.now();
  const signal = (subjectKey: string): RuleSignal => ({
    kind: 'raise',
    ruleId: 'acc-rule',
    subjectKey,
    deviceId: null,
    level: 'red',
    value: 30,
    message: '积水',
    jurisdictionPath: nj.path,
    jurisdictionId: nj.id,
    location: nj.center,
    details: { caseCategory: 'E0401' },
    ts: now,
    receivedAt: now,
  });
  const applied = await p.alerts.applySignals(['a1', 'a2', 'a3'].map(signal));
  const [view, ack, close] = applied.events.map((e) => e.alert.id);
  ctx.alerts = { view: view!, ack: ack!, close: close! };
  ctx.cases = await seedCases(p);
});

/** A case in 南京东路街道 with a photo and a reporter, a duplicate 40 m away, and an overdue case's supervision order. */
async function seedCases(platform: TestPlatform): Promise<Ctx['cases']> {
  const system = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };
  const [lon, lat] = platform.geo.getByCode('310101002')!.center;
  const photo = await platform.cases.attachments.upload(PNG, 'p.png', system);
  const report = (dLon: number, category: string, extra = {}) =>
    platform.cases.report({ source: 'hotline', category, description: '访问测试', location: { lon: lon + dLon, lat }, ...extra }, system);
  const view = await report(0, 'E0103', { attachments: [photo.id], reporter: { name: '王五', phone: '13900001111' } });
  const duplicate = await report(0.00042, 'E0103');
  const proposal = (await platform.cases.duplicatesOf(duplicate.case.id, system))[0]!;
  const late = await report(-0.001, 'E0104');
  // Sessions are made after this: the clock may move without ending any.
  platform.clock.advance(31 * 60_000);
  await platform.cases.tick();
  const order = (await platform.cases.supervision.list(system)).find((o) => o.caseId === late.case.id)!;
  return { view: view.case.id, duplicate: duplicate.case.id, proposal: proposal.id, order: order.id, photo: photo.id };
}

/** A webhook of 黄浦区's water bureau. */
async function newWebhook(platform: TestPlatform): Promise<string> {
  const unitId = platform.directory.getUnitByCode('D-310101-water')!.id;
  return (await platform.webhooks.subscribe({ unitId, url: HOOK_URL }, { id: 'access-test' })).webhook.id;
}

/** A dead letter of a fresh webhook of 黄浦区's water bureau (made dead directly: the schedule takes hours). */
async function newDeadLetter(platform: TestPlatform): Promise<string> {
  const { db } = platform.database;
  const payload = JSON.stringify({ type: 'case.dispatched', case: { id: 'access-test' } });
  const delivery = { id: newId(), subscriptionId: await newWebhook(platform), eventId: newId(), payload };
  await enqueueDeliveries(db, [delivery], platform.clock.now());
  await db
    .updateTable('webhook_deliveries')
    .set({ state: 'dead', attempts: 8, next_attempt_at: null })
    .where('id', '=', delivery.id)
    .execute();
  return delivery.id;
}
afterAll(async () => p?.dispose());

describe('every /api/v1 route declares and enforces its access', () => {
  it('has routes to check, each public one on the allow-list and each other one with a fixture', () => {
    expect(p.routes.length).toBeGreaterThan(10);
    for (const r of p.routes) {
      const key = `${r.method} ${r.url}`;
      if (r.access.public) expect(PUBLIC_ROUTES.has(key), `${key} is public but not on the allow-list`).toBe(true);
      else expect(FIXTURES[key], `${key} has no access fixture`).toBeDefined();
    }
  });

  it('refuses anonymous callers, wrong roles and other jurisdictions; admits the right caller', async () => {
    const guarded = p.routes.filter((r) => !r.access.public);
    for (const route of guarded) {
      const key = `${route.method} ${route.url}`;
      if (route.access.public) continue;
      const allowed: Role[] = route.access.roles === 'any' ? [...ROLE_LIST] : (route.access.roles as Role[]);
      const allowedRole = allowed[0]!;

      const anon = await call(route, null);
      expect(anon.statusCode, `${key} anonymous`).toBe(401);

      if (route.access.roles !== 'any') {
        const wrongRole = ROLE_LIST.find((r) => !allowed.includes(r));
        if (wrongRole) {
          const res = await call(route, await userFor(wrongRole, 'city'));
          expect(res.statusCode, `${key} with role ${wrongRole}`).toBe(403);
        }
      }

      const fixture = FIXTURES[key]!;
      const other = await call(route, await userFor(allowedRole, 'other'));
      if (route.access.scope) {
        expect([403, 404], `${key} from another jurisdiction: ${other.body}`).toContain(other.statusCode);
      } else if (typeof fixture.unscoped === 'function') {
        expect(other.statusCode, `${key} from another jurisdiction`).toBe(fixture.unscopedStatus ?? 200);
        fixture.unscoped(other, ctx);
      } else {
        expect(fixture.unscoped, `${key} has no scope resolver and no reason`).toBe('self');
      }

      const ok = await call(route, await userFor(allowedRole, 'city'));
      if (fixture.okStatus) expect(ok.statusCode, `${key} as ${allowedRole} at the city: ${ok.body}`).toBe(fixture.okStatus);
      else expect(ok.statusCode, `${key} as ${allowedRole} at the city: ${ok.body}`).toBeLessThan(300);
      // Signing out ends the sessions used above; later routes sign in afresh.
      if (key === 'POST /api/v1/auth/sign-out') sessions.clear();
    }
  });

  it('refuses a cookie session without the CSRF token on unsafe methods', async () => {
    const s = await userFor('admin', 'city');
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { cookie: s.cookie },
      payload: { code: 'X', kind: 'centre', name: 'x', jurisdictionId: ctx.id(HOME) },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
  });

  it('a bearer token acts as its user without CSRF, and stops working once revoked', async () => {
    const admin = await p.directory.createUser({
      username: 'acc_machine',
      displayName: 'machine',
      password: PASSWORD,
      roles: ['admin'],
      jurisdictionId: ctx.id(HOME),
    });
    const t = await p.auth.createToken(admin.id, 'gateway', null);
    const headers = { authorization: `Bearer ${t.token}` };
    const ok = await p.app.inject({ method: 'GET', url: `/api/v1/units?jurisdiction=${ctx.id(HOME)}`, headers });
    expect(ok.statusCode).toBe(200);
    const outside = await p.app.inject({ method: 'GET', url: `/api/v1/units?jurisdiction=${ctx.id(OTHER)}`, headers });
    expect(outside.statusCode).toBe(403);
    await p.auth.revokeToken(t.id);
    expect((await p.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });
});
