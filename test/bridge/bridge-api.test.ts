/**
 * The 12345 / 一网通办 bridge over HTTP on the demo city, against the storage of the suite's
 * dialect, with a reference system (reference-system.ts) receiving the callbacks and checking
 * their signatures: systems and their secrets, inbound mapping and idempotency, the refusals
 * (category, place, changed repeats, unbound accounts), and outbound callbacks in order, retried
 * with backoff as the clock moves, dead-lettered, retried by an admin; a hanging receiver times
 * out without holding up the case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/directory/demo-directory.ts';
import { backoffCeiling } from '../../src/platform/backoff.ts';
import { DEFAULT_BRIDGE_POLICY } from '../../src/bridge/service.ts';
import { createBridge } from '../../src/compose-bridge.ts';
import { signIn, startTestPlatform, type TestPlatform, type TestSession } from '../support/platform.ts';
import { startReferenceSystem, type ReferenceSystem } from './reference-system.ts';

let p: TestPlatform;
let other: ReferenceSystem;
const s: Record<string, TestSession> = {};
let spot: [number, number];
const PASSWORD = 'Bridge-gateway-2026!';

beforeAll(async () => {
  p = await startTestPlatform();
  other = await startReferenceSystem(() => p.clock.now());
  for (const u of ['admin', 'dispatcher_nanjing', 'handler_enforcement']) s[u] = await signIn(p, u, DEMO_PASSWORD);
  spot = p.geo.getByCode('310101002')!.center;
}, 120_000);
afterAll(async () => {
  await p?.dispose();
  await other?.close();
});

/** A source system at `path` of the reference system, with its own gateway account and token. */
interface System {
  id: string;
  secret: string;
  token: string;
  path: string;
}

let systems = 0;
async function newSystem(path: string): Promise<System> {
  const n = ++systems;
  const user = await p.directory.createUser({
    username: `gw_bridge_${n}`,
    displayName: `12345 网关 ${n}`,
    password: PASSWORD,
    roles: ['gateway'],
    jurisdictionId: p.geo.getByCode('310000')!.id,
  });
  const { token } = await p.auth.createToken(user.id, 'bridge', null);
  const res = await p.app.inject({
    method: 'POST',
    url: '/api/v1/bridge/systems',
    headers: s.admin!.headers,
    payload: { name: `12345 热线 ${n}`, channel: 'hotline', callbackUrl: `${other.base}${path}`, gatewayUserId: user.id },
  });
  expect(res.statusCode, res.body).toBe(201);
  const { id, secret } = res.json<{ id: string; secret: string }>();
  other.secrets.set(path, secret);
  return { id, secret, token, path };
}

// ~90 m apart on a small grid, so no request is merged into an earlier one (radius 50 m) unless asked.
let placed = 0;
function nextPlace(): { lon: number; lat: number } {
  const n = placed++;
  return { lon: spot[0] + (n % 4) * 0.0009, lat: spot[1] + Math.floor(n / 4) * 0.0009 };
}

function post(sys: System, body: Record<string, unknown>) {
  return p.app.inject({ method: 'POST', url: '/api/v1/bridge/requests', headers: { authorization: `Bearer ${sys.token}` }, payload: body });
}

let n = 0;
function request(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalId: `GD-${++n}`,
    channel: 'hotline',
    // 违章搭建 → E0101: the matrix names a street unit, so 南京东路's dispatcher handles the case.
    category: '违章搭建',
    location: nextPlace(),
    address: '南京东路100号',
    contact: { name: '李四', phone: '13800001234' },
    text: '人行道地砖破损，有行人绊倒',
    receivedAt: '2026-11-27T09:30:00+08:00',
    ...extra,
  };
}

async function command(user: string, id: string, body: Record<string, unknown>): Promise<void> {
  const res = await p.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/commands`, headers: s[user]!.headers, payload: body });
  expect(res.statusCode, `${String(body.type)}: ${res.body}`).toBe(200);
}

const unit = (code: string) => p.directory.getUnitByCode(code)!.id;
const at = (sys: System, externalId: string) => other.received.filter((r) => r.path === sys.path && r.json.externalId === externalId);

describe('source systems', () => {
  it('are registered by a city admin, the secret shown once and stored sealed', async () => {
    const sys = await newSystem('/registered');
    expect(sys.secret.length).toBeGreaterThanOrEqual(32);
    const list = await p.app.inject({ method: 'GET', url: '/api/v1/bridge/systems', headers: s.admin!.headers });
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{ items: Array<Record<string, unknown>> }>().items;
    expect(items.find((x) => x.id === sys.id)).toMatchObject({ channel: 'hotline', active: true });
    for (const x of items) expect(x).not.toHaveProperty('secret');
    const row = await p.database.db.selectFrom('bridge_systems').selectAll().where('id', '=', sys.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(sys.secret);
    const audit = await p.database.db.selectFrom('audit_log').select(['action']).where('action', '=', 'bridge.system_create').execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('refuses a bad callback URL, a taken name and an account that is no gateway', async () => {
    const bad = (payload: Record<string, unknown>) =>
      p.app.inject({ method: 'POST', url: '/api/v1/bridge/systems', headers: s.admin!.headers, payload });
    const url = await bad({ name: 'x', channel: 'portal', callbackUrl: 'ftp://example.com/cb' });
    expect(url.statusCode).toBe(422);
    expect(url.json()).toMatchObject({ code: 'BRIDGE_CALLBACK_URL_INVALID', field: 'callbackUrl' });
    const taken = await bad({ name: '12345 热线 1', channel: 'portal', callbackUrl: `${other.base}/x` });
    expect(taken.statusCode).toBe(409);
    const notGateway = await bad({
      name: '一网通办',
      channel: 'portal',
      callbackUrl: `${other.base}/x`,
      gatewayUserId: (
        await p.directory.createUser({
          username: 'bridge_not_gateway',
          displayName: 'x',
          password: PASSWORD,
          roles: ['dispatcher'],
          jurisdictionId: p.geo.getByCode('310000')!.id,
        })
      ).id,
    });
    expect(notGateway.statusCode).toBe(422);
    expect(notGateway.json()).toMatchObject({ field: 'gatewayUserId' });
  });
});

describe('inbound requests', () => {
  let sys: System;
  beforeAll(async () => {
    sys = await newSystem('/inbound');
  });

  it('map the category text, file a hotline case with the reporter, and answer a repeat with the same case', async () => {
    const body = request({ category: '道路破损' });
    const first = await post(sys, body);
    expect(first.statusCode, first.body).toBe(201);
    const answer = first.json<{ externalId: string; caseId: string; caseCode: string; created: boolean }>();
    expect(answer).toMatchObject({ externalId: body.externalId, created: true });
    const c = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${answer.caseId}`, headers: s.dispatcher_nanjing!.headers });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({
      code: answer.caseCode,
      source: 'hotline',
      sourceRef: `${sys.id}:${String(body.externalId)}`,
      category: 'E0402',
      state: 'reported',
    });
    const reporter = await p.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${answer.caseId}/reporter`,
      headers: s.dispatcher_nanjing!.headers,
    });
    expect(reporter.statusCode, reporter.body).toBe(200);
    expect(reporter.body).toContain('李');

    // The same request again, keys in another order: 200, the same case, nothing new filed.
    const again = await post(sys, Object.fromEntries(Object.entries(body).reverse()));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ ...answer, created: false });
  });

  it('refuse other content under an external id posted before with 409', async () => {
    const body = request();
    expect((await post(sys, body)).statusCode).toBe(201);
    const changed = await post(sys, { ...body, text: '另一件事' });
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({ code: 'BRIDGE_REQUEST_CONFLICT', field: 'externalId' });
  });

  it('keep external ids apart per system', async () => {
    const second = await newSystem('/inbound-2');
    const body = request();
    const a = await post(sys, body);
    const b = await post(second, body);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json<{ caseId: string }>().caseId).not.toBe(b.json<{ caseId: string }>().caseId);
  });

  it('take a category code, a catalogue name, or the admins’ mapping', async () => {
    const code = await post(sys, request({ category: '看不懂的类别', categoryCode: 'e0102' }));
    expect(code.statusCode, code.body).toBe(201);
    const name = await post(sys, request({ category: '暴露垃圾' }));
    expect(name.statusCode, name.body).toBe(201);

    const unknown = await post(sys, request({ category: '井盖松动' }));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'BRIDGE_UNKNOWN_CATEGORY', field: 'category' });
    expect(unknown.json<{ detail: string }>().detail).toContain('井盖松动');

    const current = await p.app.inject({ method: 'GET', url: '/api/v1/bridge/mapping', headers: s.admin!.headers });
    expect(current.json()).toMatchObject({ source: 'default' });
    const items = [...current.json<{ items: Array<{ text: string; category: string }> }>().items, { text: '井盖松动', category: 'P0111' }];
    const badPut = await p.app.inject({
      method: 'PUT',
      url: '/api/v1/bridge/mapping',
      headers: s.admin!.headers,
      payload: { items: [{ text: '井盖松动', category: 'Z9999' }] },
    });
    expect(badPut.statusCode).toBe(422);
    expect(badPut.json()).toMatchObject({ field: 'items[0].category' });
    const put = await p.app.inject({ method: 'PUT', url: '/api/v1/bridge/mapping', headers: s.admin!.headers, payload: { items } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ source: 'custom' });
    const mapped = await post(sys, request({ category: ' 井盖松动 ' }));
    expect(mapped.statusCode, mapped.body).toBe(201);
  });

  it('refuse a place outside the city, an address without coordinates and a bad category code, naming the field', async () => {
    const outside = await post(sys, request({ location: { lon: 116.4, lat: 39.9 } }));
    expect(outside.statusCode).toBe(422);
    expect(outside.json()).toMatchObject({ code: 'LOCATION_OUTSIDE_CITY', field: 'location' });
    const address = await post(sys, request({ location: { address: '南京东路100号' } }));
    expect(address.statusCode).toBe(422);
    expect(address.json()).toMatchObject({ code: 'BRIDGE_LOCATION_NOT_GEOCODED', field: 'location' });
    const code = await post(sys, request({ categoryCode: 'X1' }));
    expect(code.statusCode).toBe(422);
    expect(code.json()).toMatchObject({ field: 'categoryCode' });
    // Nothing was filed for the refused ones: the same external ids are free to use.
  });

  it('refuse a gateway account bound to no system', async () => {
    const user = await p.directory.createUser({
      username: 'gw_unbound',
      displayName: 'unbound',
      password: PASSWORD,
      roles: ['gateway'],
      jurisdictionId: p.geo.getByCode('310000')!.id,
    });
    const { token } = await p.auth.createToken(user.id, 'x', null);
    const res = await post({ id: '', secret: '', path: '', token }, request());
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'BRIDGE_NOT_BOUND' });
  });
});

describe('status callbacks', () => {
  it('tell the system accepted → dispatched → handled → closed with the result, in order and signed', async () => {
    const sys = await newSystem('/loop');
    const body = request();
    const { caseId, caseCode } = (await post(sys, body)).json<{ caseId: string; caseCode: string }>();
    await command('dispatcher_nanjing', caseId, { type: 'file' });
    await command('dispatcher_nanjing', caseId, { type: 'dispatch', unitId: unit('D-310101002-enforcement') });
    await command('handler_enforcement', caseId, { type: 'accept' });
    await command('handler_enforcement', caseId, { type: 'handle', result: '已更换破损地砖' });
    await command('dispatcher_nanjing', caseId, { type: 'verify', passed: true, note: '现场核查通过' });
    await command('dispatcher_nanjing', caseId, { type: 'close' });
    await p.bridge.deliverDue();
    const got = at(sys, String(body.externalId));
    expect(got.map((r) => r.json.event)).toEqual(['accepted', 'dispatched', 'handled', 'closed']);
    expect(got.every((r) => r.verified)).toBe(true);
    expect(got.every((r) => r.json.caseCode === caseCode)).toBe(true);
    expect(got.map((r) => r.json.status)).toEqual(['filed', 'dispatched', 'handled', 'closed']);
    expect(got[3]!.json.note).toBe('已更换破损地砖');
    // Delivered once each: another round sends nothing again.
    await p.bridge.deliverDue();
    expect(at(sys, String(body.externalId))).toHaveLength(4);
  });

  it('tell the system a request merged into an earlier one, and a rejected one with the reason', async () => {
    const sys = await newSystem('/merge');
    const place = nextPlace();
    const master = (await post(sys, request({ location: place }))).json<{ caseId: string }>();
    const twin = request({ location: place });
    const merged = await post(sys, twin);
    expect(merged.statusCode, merged.body).toBe(201);
    const rejected = request();
    const r = (await post(sys, rejected)).json<{ caseId: string }>();
    await command('dispatcher_nanjing', r.caseId, { type: 'reject', reason: '不属于城市管理范围' });
    await p.bridge.deliverDue();
    expect(at(sys, String(twin.externalId)).map((x) => x.json.event)).toEqual(['merged']);
    expect(at(sys, String(rejected.externalId)).map((x) => [x.json.event, x.json.note])).toEqual([['rejected', '不属于城市管理范围']]);
    // The master case runs to closure: the merged request's citizen hears the outcome too.
    await command('dispatcher_nanjing', master.caseId, { type: 'file' });
    await command('dispatcher_nanjing', master.caseId, { type: 'dispatch', unitId: unit('D-310101002-enforcement') });
    await command('handler_enforcement', master.caseId, { type: 'accept' });
    await command('handler_enforcement', master.caseId, { type: 'handle', result: '已修复' });
    await command('dispatcher_nanjing', master.caseId, { type: 'verify', passed: true, note: '核查通过' });
    await command('dispatcher_nanjing', master.caseId, { type: 'close' });
    await p.bridge.deliverDue();
    const twinHeard = at(sys, String(twin.externalId));
    expect(twinHeard.map((x) => [x.json.event, x.json.status])).toEqual([
      ['merged', 'merged'],
      ['closed', 'merged'],
    ]);
    expect(twinHeard[1]!.json.note).toMatch(/已结案/);
  });

  it('retry a failing system with backoff as the clock moves, then keep a dead letter an admin sends again', async () => {
    const sys = await newSystem('/down');
    other.behaviour.set('/down', 503);
    const body = request();
    const { caseId } = (await post(sys, body)).json<{ caseId: string }>();
    await command('dispatcher_nanjing', caseId, { type: 'file' });
    // The loop may have tried already (a new callback starts a round); a round asked for waits for it.
    await p.bridge.deliverDue();
    const attempts = () => at(sys, String(body.externalId)).length;
    expect(attempts()).toBe(1);
    const { maxAttempts } = DEFAULT_BRIDGE_POLICY;
    for (let k = 1; k < maxAttempts; k++) {
      // Not due before half the ceiling (the jitter's floor), due by the ceiling.
      const ceiling = backoffCeiling(DEFAULT_BRIDGE_POLICY, k);
      p.clock.advance(ceiling / 2 - 1);
      await p.bridge.deliverDue();
      expect(attempts()).toBe(k);
      p.clock.advance(ceiling / 2 + 1);
      await p.bridge.deliverDue();
      expect(attempts()).toBe(k + 1);
    }
    // Sessions idled out while the clock ran a day ahead: sign in again.
    s.admin = await signIn(p, 'admin', DEMO_PASSWORD);
    const dead = await p.app.inject({ method: 'GET', url: '/api/v1/bridge/callbacks?state=dead', headers: s.admin.headers });
    expect(dead.statusCode, dead.body).toBe(200);
    const letter = dead.json<{ items: Array<Record<string, unknown>> }>().items.find((x) => x.externalId === body.externalId)!;
    expect(letter).toMatchObject({
      event: 'accepted',
      attempts: maxAttempts,
      state: 'dead',
      nextAttemptAt: null,
      system: '12345 热线 ' + String(systems),
    });
    expect(String(letter.lastError)).toContain('HTTP 503');

    other.behaviour.set('/down', 200);
    const retry = await p.app.inject({
      method: 'POST',
      url: `/api/v1/bridge/callbacks/${String(letter.id)}/retry`,
      headers: s.admin.headers,
    });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ state: 'pending', attempts: 0 });
    await p.bridge.deliverDue();
    const last = at(sys, String(body.externalId)).at(-1)!;
    expect(last.verified).toBe(true);
    const after = await p.app.inject({ method: 'GET', url: `/api/v1/bridge/callbacks?caseId=${caseId}`, headers: s.admin.headers });
    expect(after.json<{ items: Array<{ state: string }> }>().items.map((x) => x.state)).toEqual(['delivered']);
    const again = await p.app.inject({
      method: 'POST',
      url: `/api/v1/bridge/callbacks/${String(letter.id)}/retry`,
      headers: s.admin.headers,
    });
    expect(again.statusCode).toBe(409);
    for (const u of ['dispatcher_nanjing', 'handler_enforcement']) s[u] = await signIn(p, u, DEMO_PASSWORD);
  });

  it('record a hanging system’s timeout without holding up the case', async () => {
    // Another process's bridge with a short timeout takes over (the platform's own stops).
    await p.bridge.stop();
    const fast = createBridge(p, { timeoutMs: 300, deliveryIntervalMs: 0 });
    await fast.start();
    try {
      const sys = await newSystem('/hang');
      other.behaviour.set('/hang', 'hang');
      const { caseId } = (await post(sys, request())).json<{ caseId: string }>();
      await command('dispatcher_nanjing', caseId, { type: 'file' });
      const round = fast.deliverDue();
      // While the callback hangs, the case moves on and its next callback is queued behind it.
      await command('dispatcher_nanjing', caseId, { type: 'dispatch', unitId: unit('D-310101002-enforcement') });
      expect(await round).toMatchObject({ failed: 1 });
      const list = await fast.callbacks({ caseId });
      expect(list.items.map((x) => [x.event, x.state])).toEqual([
        ['dispatched', 'pending'],
        ['accepted', 'pending'],
      ]);
      expect(list.items[1]!.lastError).toBe('timed out after 300 ms');
      expect(list.items[0]!.attempts).toBe(0);
    } finally {
      await fast.stop();
      await p.bridge.start();
    }
  });
});
