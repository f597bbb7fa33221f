/**
 * Every branch of the loop on a moved clock, on the whole platform (real storage of the suite's
 * dialect, the demo city): a case from an IoT alert (standing water → orange alert → policy →
 * case auto-dispatched to the district water bureau → handled → closed), and a case from an
 * inspector through overdue supervision to the district and then the city, return, extension
 * (the second needing a higher role), parking over a weekend, rework with a photo, close and
 * evaluation — checking deadlines, lights and the timeline at each step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/directory/demo-directory.ts';
import type { CaseBusEvent } from '../../src/cases/case-types.ts';
import type { AlertEvent } from '../../src/alerts/event-model.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let p: TestPlatform;
const s: Record<string, { headers: Record<string, string> }> = {};
let spot: [number, number];
const caseEvents: CaseBusEvent[] = [];

interface CaseBody {
  id: string;
  state: string;
  version: number;
  unitId: string | null;
  centreId: string;
  centreLevel: string;
  overdueCount: number;
  extensionCount: number;
  returnCount: number;
  reworkCount: number;
  closedOnTime: boolean | null;
  handledOnTime: boolean | null;
  satisfaction: number | null;
  step: { step: string; dueAt: number; pausedRemainingMs: number | null } | null;
  status: { step: string; light: string; fraction: number } | null;
}

beforeAll(async () => {
  // Friday 27 November 2026, 10:00 in Shanghai.
  p = await startTestPlatform();
  p.bus.subscribe<CaseBusEvent>('cases', (m) => void caseEvents.push(m.data));
  // Which alert each policy action came from, to file a case from the same alert by hand.
  p.bus.subscribe<AlertEvent>('alerts', (m) => {
    for (const a of m.data.actions) alertIds.set(a.id, m.data.alert.id);
  });
  const city = p.geo.getByCode('310000')!;
  await p.directory.createUser({
    username: 'city_dispatcher',
    displayName: 'city dispatcher',
    password: DEMO_PASSWORD,
    roles: ['dispatcher'],
    jurisdictionId: city.id,
    unitId: p.directory.getUnitByCode('C-310000')!.id,
  });
  // Bearer tokens, not browser sessions: the clock moves by days and sessions end after 30 idle minutes.
  const users = await p.directory.listUsers(city.path);
  for (const u of ['inspector', 'dispatcher_nanjing', 'handler_enforcement', 'dispatcher', 'handler', 'shift_lead', 'city_dispatcher']) {
    const token = await p.auth.createToken(users.find((x) => x.username === u)!.id, 'scenario', null);
    s[u] = { headers: { authorization: `Bearer ${token.token}` } };
  }
  spot = p.geo.getByCode('310101002')!.center;
}, 120_000);
afterAll(async () => p?.dispose());

async function send(user: string, id: string, body: Record<string, unknown>) {
  return p.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/commands`, headers: s[user]!.headers, payload: body });
}
async function ok(user: string, id: string, body: Record<string, unknown>): Promise<CaseBody> {
  const res = await send(user, id, body);
  expect(res.statusCode, `${user} ${String(body.type)}: ${res.body}`).toBe(200);
  return res.json<{ case: CaseBody }>().case;
}
async function get(id: string, user = 'dispatcher'): Promise<CaseBody> {
  const res = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: s[user]!.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<CaseBody>();
}
async function timeline(id: string): Promise<string[]> {
  const res = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${id}/timeline`, headers: s.dispatcher!.headers });
  return res.json<{ type: string }[]>().map((e) => e.type);
}
/** The alert a case was filed from, by the policy action that filed it. */
function alertIdOf(e: CaseBusEvent): string {
  return alertIds.get(e.case.sourceRef!)!;
}
const alertIds = new Map<string, string>();

/** Moves the clock and runs the deadline scheduler, as its loop would. */
async function advance(ms: number) {
  p.clock.advance(ms);
  await p.cases.tick();
}
async function orders(user: string) {
  const res = await p.app.inject({ method: 'GET', url: '/api/v1/supervision-orders', headers: s[user]!.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ id: string; caseId: string; toCentreLevel: string; state: string }[]>();
}

describe('the closed loop, every branch, on a moved clock', () => {
  it('files a case from an IoT alert and closes it', async () => {
    const gatewayUser = (await p.directory.listUsers(p.geo.getByCode('310000')!.path)).find((u) => u.username === 'gateway')!;
    const token = await p.auth.createToken(gatewayUser.id, 'test gateway', null);
    await p.sensing.createDevice({ id: 'wl-case-1', type: 'water_level_gauge', lon: spot[0], lat: spot[1] }, '/');
    for (let i = 0; i <= 6; i++) {
      const res = await p.app.inject({
        method: 'POST',
        url: '/api/v1/readings',
        headers: { authorization: `Bearer ${token.token}` },
        payload: [{ deviceId: 'wl-case-1', ts: p.clock.now(), values: { water_level_cm: 20 + i } }],
      });
      expect(res.statusCode, res.body).toBe(200);
      p.clock.advance(MIN);
      await p.engine.tickAndPublish(p.clock.now());
    }
    await p.cases.idle();
    const fromAlert = caseEvents.find((e) => e.case.source === 'alert' && e.type === 'case.dispatched');
    expect(fromAlert, 'a case filed and dispatched from the alert').toBeDefined();
    const water = p.directory.getUnitByCode('D-310101-water')!;
    let c = await get(fromAlert!.case.id);
    expect(c.unitId).toBe(water.id);
    expect(c.centreLevel).toBe('district');
    expect(c.status?.step).toBe('handle');
    expect(await timeline(c.id)).toEqual(['reported', 'filed', 'dispatched']);

    // An operator may also file a case from an alert by hand; twice gives the same case.
    const byHand = () =>
      p.app.inject({
        method: 'POST',
        url: '/api/v1/cases/from-alert',
        headers: s.dispatcher!.headers,
        payload: { alertId: alertIdOf(fromAlert!) },
      });
    const first = await byHand();
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<{ case: CaseBody; existing: boolean }>()).toMatchObject({ case: { state: 'reported' }, existing: false });
    expect((await byHand()).json<{ existing: boolean }>().existing).toBe(true);

    c = await ok('handler', c.id, { type: 'accept' });
    c = await ok('handler', c.id, { type: 'handle', result: 'pumped dry' });
    expect(c.handledOnTime).toBe(true);
    c = await ok('dispatcher', c.id, { type: 'verify', passed: true, note: 'dry' });
    c = await ok('dispatcher', c.id, { type: 'close' });
    expect(c.state).toBe('closed');
    expect(c.closedOnTime).toBe(true);
  });

  it('runs an inspector’s case through overdue supervision, return, extensions, parking, rework and close', async () => {
    const squad = p.directory.getUnitByCode('D-310101002-enforcement')!;
    const created = await p.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: s.inspector!.headers,
      payload: { category: 'E0101', description: 'shed on the pavement', location: { lon: spot[0] + 0.001, lat: spot[1] } },
    });
    expect(created.statusCode, created.body).toBe(201);
    let c = created.json<{ case: CaseBody }>().case;
    expect(c.status).toMatchObject({ step: 'dispatch', light: 'green' });
    c = await ok('dispatcher_nanjing', c.id, { type: 'file' });

    // 25 of the 30 minutes to dispatch: yellow.
    await advance(25 * MIN);
    expect((await get(c.id)).status?.light).toBe('yellow');
    // Past 30 minutes: red, overdue, a supervision order to the district centre.
    await advance(10 * MIN);
    c = await get(c.id);
    expect(c.status?.light).toBe('red');
    expect(c.overdueCount).toBe(1);
    const districtOrders = (await orders('shift_lead')).filter((o) => o.caseId === c.id);
    expect(districtOrders.map((o) => [o.toCentreLevel, o.state])).toEqual([['district', 'open']]);
    // The street cannot see an order addressed to the district.
    expect((await orders('dispatcher_nanjing')).filter((o) => o.caseId === c.id)).toEqual([]);

    // The district sets a new deadline in 10 minutes; missed again → an order to the city.
    const resolved = await p.app.inject({
      method: 'POST',
      url: `/api/v1/supervision-orders/${districtOrders[0]!.id}/resolve`,
      headers: s.shift_lead!.headers,
      payload: { resolution: 'new_deadline', dueAt: p.clock.now() + 10 * MIN, note: 'dispatch it now' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect((await get(c.id)).status?.light).not.toBe('red');
    await advance(11 * MIN);
    c = await get(c.id);
    expect(c.overdueCount).toBe(2);
    const cityOrders = (await orders('city_dispatcher')).filter((o) => o.caseId === c.id && o.state === 'open');
    expect(cityOrders.map((o) => o.toCentreLevel)).toEqual(['city']);

    // The city re-dispatches it to the street squad.
    const redispatch = await p.app.inject({
      method: 'POST',
      url: `/api/v1/supervision-orders/${cityOrders[0]!.id}/resolve`,
      headers: s.city_dispatcher!.headers,
      payload: { resolution: 'redispatch', unitId: squad.id },
    });
    expect(redispatch.statusCode, redispatch.body).toBe(200);
    c = await get(c.id);
    expect(c.state).toBe('dispatched');
    expect(c.status?.step).toBe('handle');

    // Returned as not theirs, then dispatched again by the street.
    c = await ok('handler_enforcement', c.id, { type: 'return', reason: 'belongs to housing' });
    expect(c.returnCount).toBe(1);
    c = await ok('dispatcher_nanjing', c.id, { type: 'dispatch', unitId: squad.id, note: 'it is yours: public pavement' });
    c = await ok('handler_enforcement', c.id, { type: 'accept' });
    const due0 = c.step!.dueAt;

    // First extension approved by the street dispatcher; the second needs a shift lead.
    c = await ok('handler_enforcement', c.id, {
      type: 'request_extension',
      extra: { amount: 1, unit: 'working_days' },
      reason: 'owner away',
    });
    c = await ok('dispatcher_nanjing', c.id, { type: 'decide_extension', approve: true });
    expect(c.extensionCount).toBe(1);
    expect(c.step!.dueAt).toBeGreaterThan(due0);
    const due1 = c.step!.dueAt;
    c = await ok('handler_enforcement', c.id, {
      type: 'request_extension',
      extra: { amount: 4, unit: 'working_hours' },
      reason: 'waiting for a truck',
    });
    const refused = await send('dispatcher_nanjing', c.id, { type: 'decide_extension', approve: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ code: string }>().code).toBe('CASE_EXTENSION_NEEDS_HIGHER_ROLE');
    c = await ok('shift_lead', c.id, { type: 'decide_extension', approve: true, note: 'last time' });
    expect(c.extensionCount).toBe(2);
    expect(c.step!.dueAt).toBeGreaterThan(due1);

    // Parked over the weekend: the clock pauses, the review reminder comes, resume keeps the time left.
    const remainingBefore = c.step!.dueAt;
    c = await ok('shift_lead', c.id, { type: 'park', reason: 'court order pending', reviewAt: p.clock.now() + 3 * DAY });
    expect(c.state).toBe('parked');
    expect(c.step!.pausedRemainingMs).not.toBeNull();
    await advance(3 * DAY + MIN);
    expect(await timeline(c.id)).toContain('commented');
    c = await ok('shift_lead', c.id, { type: 'resume' });
    expect(c.state).toBe('accepted');
    expect(c.step!.dueAt).toBeGreaterThan(remainingBefore);
    expect(c.status?.light).not.toBe('red');

    // Handled with a photo; the check fails (rework); handled again; verified; closed; evaluated.
    const upload = await p.app.inject({
      method: 'POST',
      url: '/api/v1/attachments?name=after.png',
      headers: { ...s.handler_enforcement!.headers, 'content-type': 'image/png' },
      payload: PNG,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const photo = upload.json<{ id: string }>().id;
    c = await ok('handler_enforcement', c.id, { type: 'handle', result: 'shed removed', attachments: [photo] });
    c = await ok('inspector', c.id, { type: 'verify', passed: false, note: 'frame still there' });
    expect(c.reworkCount).toBe(1);
    c = await ok('handler_enforcement', c.id, { type: 'handle', result: 'frame removed' });
    c = await ok('inspector', c.id, { type: 'verify', passed: true, note: 'clear' });
    c = await ok('dispatcher_nanjing', c.id, { type: 'close' });
    expect(c.state).toBe('closed');
    expect(c.closedOnTime).toBe(false); // it went overdue twice on the way
    c = await ok('dispatcher_nanjing', c.id, { type: 'evaluate', satisfaction: 4 });
    expect(c.satisfaction).toBe(4);

    const photoBack = await p.app.inject({ method: 'GET', url: `/api/v1/attachments/${photo}`, headers: s.inspector!.headers });
    expect(photoBack.statusCode).toBe(200);
    expect(photoBack.headers['content-type']).toBe('image/png');

    expect(await timeline(c.id)).toEqual([
      'reported',
      'filed',
      'overdue',
      'deadline_set',
      'overdue',
      'dispatched',
      'returned',
      'dispatched',
      'accepted',
      'extension_requested',
      'extension_approved',
      'extension_requested',
      'extension_approved',
      'parked',
      'commented',
      'resumed',
      'handled',
      'rework',
      'handled',
      'verified',
      'closed',
      'evaluated',
    ]);
    // Every change went out on the bus, once.
    const ids = caseEvents.filter((e) => e.case.id === c.id).map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(22);
  });

  it('evaluates the units that handled them, as JSON, CSV and XLSX', async () => {
    const from = Date.UTC(2026, 10, 1);
    const to = Date.UTC(2026, 11, 31);
    const res = await p.app.inject({
      method: 'GET',
      url: `/api/v1/evaluation?from=${from}&to=${to}&groupBy=unit&jurisdiction=310101`,
      headers: s.dispatcher!.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    type Row = { groupKey: string; groupName: string; counts: Record<string, number>; indicators: Record<string, number | null> };
    const rows = res.json<{ rows: Row[] }>().rows;
    const squad = rows.find((r) => r.groupKey === p.directory.getUnitByCode('D-310101002-enforcement')!.id)!;
    expect(squad.groupName).toContain('城管执法');
    // Dispatched once in the period (first dispatch), returned once: not an accurate dispatch.
    expect(squad.counts).toMatchObject({ dispatched: 1, returned: 1, handled: 1, reworked: 1, extended: 1, closed: 1, closedOnTime: 0 });
    expect(squad.indicators).toMatchObject({
      accurateDispatchRate: 0,
      reworkRate: 1,
      extensionRate: 1,
      closingRate: 1,
      onTimeClosingRate: 0,
    });
    const water = rows.find((r) => r.groupKey === p.directory.getUnitByCode('D-310101-water')!.id)!;
    expect(water.indicators).toMatchObject({ accurateDispatchRate: 1, onTimeHandlingRate: 1, closingRate: 1, onTimeClosingRate: 1 });
    expect(water.indicators.compositeScore).toBeGreaterThan(squad.indicators.compositeScore!);

    const csv = await p.app.inject({
      method: 'GET',
      url: `/api/v1/evaluation/export?from=${from}&to=${to}&groupBy=unit&jurisdiction=310101&format=csv`,
      headers: s.dispatcher!.headers,
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    expect(csv.body).toContain('准确派遣率');
    const xlsx = await p.app.inject({
      method: 'GET',
      url: `/api/v1/evaluation/export?from=${from}&to=${to}&groupBy=jurisdiction&jurisdiction=310101&format=xlsx`,
      headers: s.dispatcher!.headers,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK'); // a zip container
    // Out of scope: the street dispatcher cannot evaluate the district.
    const outside = await p.app.inject({
      method: 'GET',
      url: `/api/v1/evaluation?from=${from}&to=${to}&jurisdiction=310101`,
      headers: s.dispatcher_nanjing!.headers,
    });
    expect(outside.statusCode).toBe(403);
  });

  it('refuses bad input with a reason and changes nothing', async () => {
    const created = await p.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: s.inspector!.headers,
      payload: { category: 'E0101', description: 'another shed', location: { lon: spot[0] - 0.002, lat: spot[1] } },
    });
    const c = created.json<{ case: CaseBody }>().case;
    const noReason = await send('dispatcher_nanjing', c.id, { type: 'reject', reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const illegal = await send('dispatcher_nanjing', c.id, { type: 'close' });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json<{ code: string }>().code).toBe('CASE_ILLEGAL_COMMAND');
    const notImage = await p.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { ...s.inspector!.headers, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('not an image at all'),
    });
    expect(notImage.statusCode).toBe(415);
    const unknownPhoto = await send('dispatcher_nanjing', c.id, { type: 'comment', note: 'see photo', attachments: ['nope'] });
    expect(unknownPhoto.statusCode).toBe(422);
    const after = await get(c.id);
    expect(after.version).toBe(c.version);
    expect(await timeline(c.id)).toEqual(['reported']);
  });
});
