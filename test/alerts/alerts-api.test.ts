/**
 * The alerts API over HTTP on the demo city: a caller sees and acts only on alerts within their
 * jurisdiction subtree (others are 404, or 403 when they name another jurisdiction), roles are
 * checked, bad input is a problem naming the field; the demo policies send the elderly and
 * falling-object alerts to the community's committee and the no-hard-hat alert to construction
 * management.
 *
 * The test builds its own app with only the alerts routes (as compose-routes.ts registers them)
 * over the test platform's services, and an alerts service of its own on a bus it listens to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { createHttpApp } from '../../src/platform/http/app.ts';
import { createMemoryBus } from '../../src/platform/bus/memory-bus.ts';
import { createAlertsService, type AlertsService } from '../../src/alerts/service.ts';
import { registerAlertsRoutes } from '../../src/alerts/routes.ts';
import { seedDemoAlertPolicies } from '../../src/alerts/demo-policies.ts';
import type { AlertEvent } from '../../src/alerts/event-model.ts';
import { isSmallClassCode } from '../../src/cases/catalogue-model.ts';
import type { Role } from '../../src/directory/roles.ts';
import { signal } from './fixtures.ts';

const PASSWORD = 'Alerts-api-test-2026!';
let p: TestPlatform;
let app: FastifyInstance;
let alerts: AlertsService;
const events: AlertEvent[] = [];
const tokens = new Map<string, string>();
let community: { id: string; code: string; path: string };
let pudong: { id: string; path: string };

async function as(role: Role, code: string): Promise<Record<string, string>> {
  const key = `${role}@${code}`;
  let token = tokens.get(key);
  if (!token) {
    const user = await p.directory.createUser({
      username: `al_${role}_${code}`.toLowerCase(),
      displayName: key,
      password: PASSWORD,
      roles: [role],
      jurisdictionId: p.geo.getByCode(code)!.id,
      unitId: role === 'handler' ? p.directory.getUnitByCode(`D-${code}-water`)!.id : null,
    });
    token = (await p.auth.createToken(user.id, key, null)).token;
    tokens.set(key, token);
  }
  return { authorization: `Bearer ${token}` };
}

async function req(method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: object) {
  return app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
}

beforeAll(async () => {
  p = await startTestPlatform();
  const bus = createMemoryBus({ now: () => p.clock.now() });
  bus.subscribe<AlertEvent>('alerts', (m) => void events.push(m.data));
  alerts = await createAlertsService({
    database: p.database,
    clock: p.clock,
    bus,
    geo: p.geo,
    directory: p.directory,
    isCategory: isSmallClassCode,
  });
  await seedDemoAlertPolicies(alerts, p.geo.getByCode('310000')!.id);
  const built = await createHttpApp({ authenticate: p.auth.authenticate, version: 'test' });
  app = built.app;
  registerAlertsRoutes(app, alerts, p.geo);
  await app.ready();
  const street = p.geo.getByCode('310101002')!;
  const c = p.geo.list('community').find((j) => j.path.startsWith(street.path))!;
  community = { id: c.id, code: c.code, path: c.path };
  const pd = p.geo.getByCode('310115')!;
  pudong = { id: pd.id, path: pd.path };
  const T = p.clock.now();
  const here = { jurisdictionPath: community.path, jurisdictionId: community.id, receivedAt: T };
  await alerts.applySignals([
    signal({ ...here, subjectKey: 'hp-gauge-1', level: 'yellow', ts: T - 3000 }),
    signal({ ...here, subjectKey: 'hp-gauge-2', level: 'red', ts: T - 2000 }),
    signal({ ...here, ruleId: 'rule-elderly', subjectKey: 'meter-1', level: 'orange', ts: T - 1500, details: { category: 'E0602' } }),
    signal({ ...here, ruleId: 'rule-helmet', subjectKey: 'detection:1', ts: T - 1200, details: { detectionType: 'no_helmet' } }),
    signal({
      jurisdictionPath: pudong.path,
      jurisdictionId: pudong.id,
      subjectKey: 'pd-gauge-1',
      level: 'red',
      ts: T - 1000,
      receivedAt: T,
    }),
  ]);
});
afterAll(async () => {
  await app?.close();
  await alerts?.stop();
  await p?.dispose();
});

type Page = { items: Array<{ id: string; subjectKey: string; jurisdictionPath: string; level: string }>; nextCursor: string | null };
const idOf = (subjectKey: string) => events.find((e) => e.alert.subjectKey === subjectKey)!.alert.id;

describe('GET /api/v1/alerts', () => {
  it('shows each caller only the alerts of their jurisdiction subtree', async () => {
    const hp = (await req('GET', '/api/v1/alerts', await as('dispatcher', '310101'))).json<Page>();
    expect(hp.items.map((a) => a.subjectKey).sort()).toEqual(['detection:1', 'hp-gauge-1', 'hp-gauge-2', 'meter-1']);
    const pd = (await req('GET', '/api/v1/alerts', await as('dispatcher', '310115'))).json<Page>();
    expect(pd.items.map((a) => a.subjectKey)).toEqual(['pd-gauge-1']);
    const city = (await req('GET', '/api/v1/alerts', await as('admin', '310000'))).json<Page>();
    expect(city.items).toHaveLength(5);
    expect(city.items[0]!.subjectKey, 'newest first').toBe('pd-gauge-1');
    const worker = (await req('GET', '/api/v1/alerts', await as('community_worker', community.code))).json<Page>();
    expect(worker.items).toHaveLength(4);
  });

  it('refuses to list another jurisdiction, and a role that does not read alerts', async () => {
    const res = await req('GET', '/api/v1/alerts?jurisdiction=310115', await as('dispatcher', '310101'));
    expect(res.statusCode).toBe(403);
    expect((await req('GET', '/api/v1/alerts', await as('handler', '310101'))).statusCode).toBe(403);
    expect((await req('GET', '/api/v1/alerts', {})).statusCode).toBe(401);
  });

  it('filters by level, state, rule, jurisdiction and time, and pages with a cursor', async () => {
    const h = await as('admin', '310000');
    const red = (await req('GET', '/api/v1/alerts?level=red,orange', h)).json<Page>();
    expect(red.items.map((a) => a.subjectKey).sort()).toEqual(['hp-gauge-2', 'meter-1', 'pd-gauge-1']);
    const rule = (await req('GET', '/api/v1/alerts?rule=rule-elderly&state=active', h)).json<Page>();
    expect(rule.items.map((a) => a.subjectKey)).toEqual(['meter-1']);
    const inHp = (await req('GET', `/api/v1/alerts?jurisdiction=310101&since=${p.clock.now() - 2000}`, h)).json<Page>();
    expect(inHp.items.map((a) => a.subjectKey).sort()).toEqual(['detection:1', 'hp-gauge-2', 'meter-1']);
    const iso = (await req('GET', `/api/v1/alerts?since=${new Date(p.clock.now() - 1100).toISOString()}`, h)).json<Page>();
    expect(iso.items.map((a) => a.subjectKey)).toEqual(['pd-gauge-1']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = (await req('GET', `/api/v1/alerts?limit=2${cursor ? `&cursor=${cursor}` : ''}`, h)).json<Page>();
      seen.push(...page.items.map((a) => a.subjectKey));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it.each([
    ['level=purple', 'query.level'],
    ['state=open', 'query.state'],
    ['since=yesterday', 'query.since'],
    ['limit=0', 'query.limit'],
    ['cursor=not-a-cursor', 'query.cursor'],
  ])('answers %s with a problem naming %s', async (query, field) => {
    const res = await req('GET', `/api/v1/alerts?${query}`, await as('admin', '310000'));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ field });
  });
});

describe('GET /api/v1/alerts/:id', () => {
  it('shows an alert with its history and actions within scope, and 404 outside it', async () => {
    const id = idOf('hp-gauge-2');
    const res = await req('GET', `/api/v1/alerts/${id}`, await as('dispatcher', '310101'));
    expect(res.statusCode).toBe(200);
    const body = res.json<{ alert: { level: string }; history: Array<{ type: string }>; actions: Array<{ action: string }> }>();
    expect(body.alert.level).toBe('red');
    expect(body.history.map((h) => h.type)).toEqual(['raised']);
    expect(body.actions.map((a) => a.action)).toEqual(['create_case']);
    expect((await req('GET', `/api/v1/alerts/${id}`, await as('dispatcher', '310115'))).statusCode).toBe(404);
    const missing = await req('GET', '/api/v1/alerts/nope', await as('admin', '310000'));
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'ALERT_NOT_FOUND' });
  });
});

describe('acknowledge and close', () => {
  it('acknowledges within scope and role, once', async () => {
    const url = `/api/v1/alerts/${idOf('hp-gauge-1')}/acknowledge`;
    expect((await req('POST', url, await as('inspector', '310101'), {})).statusCode).toBe(403);
    expect((await req('POST', url, await as('dispatcher', '310115'), {})).statusCode).toBe(404);
    const ok = await req('POST', url, await as('dispatcher', '310101'), { note: '已通知排水' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'acknowledged' });
    const again = await req('POST', url, await as('dispatcher', '310101'), {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALERT_ALREADY_ACKNOWLEDGED' });
  });

  it('closes only with a note, then refuses to close again', async () => {
    const url = `/api/v1/alerts/${idOf('hp-gauge-1')}/close`;
    const h = await as('shift_lead', '310101');
    expect((await req('POST', url, await as('intake', '310101'), { note: 'x' })).statusCode).toBe(403);
    const noNote = await req('POST', url, h, {});
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json()).toMatchObject({ field: 'body.note' });
    expect((await req('POST', url, h, { note: '   ' })).json()).toMatchObject({ field: 'body.note' });
    expect((await req('POST', url, h, { note: '积水已退' })).json()).toMatchObject({ state: 'closed', closeNote: '积水已退' });
    expect((await req('POST', url, h, { note: '积水已退' })).json()).toMatchObject({ code: 'ALERT_NOT_ACTIVE' });
    const types = events.filter((e) => e.alert.subjectKey === 'hp-gauge-1').map((e) => e.type);
    expect(types).toEqual(['alert.raised', 'alert.acknowledged', 'alert.closed']);
  });
});

describe('policies route alerts to the responsible units', () => {
  it('sends the elderly and falling-object alerts to the community’s committee and the no-hard-hat alert to construction management', async () => {
    const T = p.clock.now();
    // Raised here, not with the others, so the listing tests above see the set they count.
    await alerts.applySignals([
      signal({
        jurisdictionPath: community.path,
        jurisdictionId: community.id,
        receivedAt: T,
        ruleId: 'rule-falling',
        subjectKey: 'detection:2',
        level: 'red',
        ts: T - 100,
        details: { detectionType: 'falling_object' },
      }),
    ]);
    await alerts.stop(); // wait for publication
    const elderly = events.find((e) => e.alert.subjectKey === 'meter-1')!;
    expect(elderly.actions).toEqual([
      expect.objectContaining({
        action: 'community_task',
        task: 'welfare_visit',
        category: 'E0602',
        urgency: 'high',
        unitId: p.directory.getUnitByCode(`K-${community.code}`)!.id,
      }),
    ]);
    const helmet = events.find((e) => e.alert.subjectKey === 'detection:1')!;
    expect(helmet.actions).toEqual([
      expect.objectContaining({ action: 'create_case', category: 'E0302', unitId: p.directory.getUnitByCode('D-310101-construction')!.id }),
    ]);
    // A falling object: the committee visits the building it came from, and a case is filed.
    const falling = events.find((e) => e.alert.subjectKey === 'detection:2')!;
    expect(falling.actions).toEqual([
      expect.objectContaining({
        action: 'community_task',
        task: 'falling_object_visit',
        category: 'E0601',
        unitId: p.directory.getUnitByCode(`K-${community.code}`)!.id,
      }),
      expect.objectContaining({ action: 'create_case', category: 'E0601' }),
    ]);
  });
});

describe('OpenAPI', () => {
  it('documents the alerts routes from the same schemas', async () => {
    const res = await app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ paths: Record<string, unknown> }>();
    for (const path of [
      '/api/v1/alerts',
      '/api/v1/alerts/{id}',
      '/api/v1/alerts/{id}/acknowledge',
      '/api/v1/alerts/{id}/close',
      '/api/v1/alert-policies',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});

describe('/api/v1/alert-policies', () => {
  const policy = { name: '黄浦：积水一律立案', match: { categories: ['E04'] }, actions: [{ kind: 'create_case' }] };

  it('shows a district its own and inherited policies, and lets its admin set its own', async () => {
    const h = await as('admin', '310101');
    const before = (await req('GET', '/api/v1/alert-policies', h)).json<{ own: unknown[]; inherited: unknown[] }>();
    expect(before.own).toEqual([]);
    expect(before.inherited).toHaveLength(6);
    const put = await req('PUT', '/api/v1/alert-policies', h, { jurisdictionId: '310101', policies: [policy] });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ own: [{ name: policy.name, enabled: true, match: { minLevel: 'blue', ruleIds: [] } }] });
  });

  it('refuses other jurisdictions, other roles and bad policies', async () => {
    const h = await as('admin', '310101');
    expect((await req('PUT', '/api/v1/alert-policies', h, { jurisdictionId: pudong.id, policies: [] })).statusCode).toBe(403);
    expect((await req('GET', `/api/v1/alert-policies?jurisdiction=${pudong.id}`, h)).statusCode).toBe(403);
    expect(
      (await req('PUT', '/api/v1/alert-policies', await as('dispatcher', '310101'), { jurisdictionId: '310101', policies: [] })).statusCode,
    ).toBe(403);
    const bad = await req('PUT', '/api/v1/alert-policies', h, {
      jurisdictionId: '310101',
      policies: [{ ...policy, match: { categories: ['E0499'] } }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_ALERT_POLICY', field: 'policies[0].match.categories[0]' });
    const shape = await req('PUT', '/api/v1/alert-policies', h, {
      jurisdictionId: '310101',
      policies: [{ ...policy, actions: [{ kind: 'call_police' }] }],
    });
    expect(shape.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: expect.stringMatching(/^body\.policies\[0\]\.actions\[0\]/) });
  });
});
