/**
 * Every branch of the loop on a moved clock, on the whole platform (real storage of the suite's
 * dialect, the demo city), for two cases:
 * - one from an IoT alert (standing water → orange alert → policy → case auto-dispatched to the
 *   district water bureau; the same alert filed by hand is voided): returned, overdue in dispatch
 *   → supervision order to the city (one level above the district centre in charge), re-dispatched
 *   by the city, an extension approved and a second one denied by a shift lead, parked over the
 *   weekend, overdue again → a second order to the city, a new deadline, rework, close;
 * - one from an inspector at a street centre: overdue → an order to the district, a new deadline
 *   missed → an order to the city, re-dispatch, return, two extensions (the second needing a
 *   higher role), parking over a weekend, rework with a photo, close and satisfaction.
 * At each step it checks the due time (working time on the China calendar), the light, the
 * timeline and the unit's or centre's indicators from the evaluation API; then the evaluation
 * as JSON, CSV and XLSX, and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/directory/demo-directory.ts';
import type { CaseBusEvent } from '../../src/cases/case-types.ts';
import type { AlertEvent } from '../../src/alerts/event-model.ts';
import { MAX_ATTACHMENT_BYTES } from '../../src/cases/attachment-model.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** An instant in Shanghai time (UTC+8), in November or December 2026. */
function shanghai(day: number, hour: number, minute = 0, month = 11): number {
  return Date.UTC(2026, month - 1, day, hour - 8, minute);
}
/** The evaluation period the scenario's indicators are read over. */
const PERIOD_FROM = Date.UTC(2026, 10, 1);
const PERIOD_TO = Date.UTC(2026, 11, 31);
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
  step: { step: string; dueAt: number; pausedRemainingMs: number | null; pausedMs?: number } | null;
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
  // Setting a new deadline is a shift lead's.
  await p.directory.createUser({
    username: 'city_lead',
    displayName: 'city shift lead',
    password: DEMO_PASSWORD,
    roles: ['shift_lead'],
    jurisdictionId: city.id,
    unitId: p.directory.getUnitByCode('C-310000')!.id,
  });
  // Bearer tokens, not browser sessions: the clock moves by days and sessions end after 30 idle minutes.
  const users = await p.directory.listUsers(city.path);
  for (const u of [
    'inspector',
    'dispatcher_nanjing',
    'handler_enforcement',
    'dispatcher',
    'handler',
    'shift_lead',
    'city_dispatcher',
    'city_lead',
  ]) {
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

/** Resolves a supervision order as `user`, which must succeed. */
async function resolve(user: string, orderId: string, payload: Record<string, unknown>) {
  const res = await p.app.inject({
    method: 'POST',
    url: `/api/v1/supervision-orders/${orderId}/resolve`,
    headers: s[user]!.headers,
    payload,
  });
  expect(res.statusCode, `${user} ${String(payload.resolution)}: ${res.body}`).toBe(200);
}

type Indicators = { counts: Record<string, number>; indicators: Record<string, number | null> };
/** A unit's or a centre's counts and indicators over November and December, as the evaluation API gives them (zero if it has no cases). */
async function indicators(groupBy: 'unit' | 'centre', key: string): Promise<Indicators> {
  const res = await p.app.inject({
    method: 'GET',
    url: `/api/v1/evaluation?from=${PERIOD_FROM}&to=${PERIOD_TO}&groupBy=${groupBy}&jurisdiction=310101`,
    headers: s.dispatcher!.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  const row = res.json<{ rows: (Indicators & { groupKey: string | null })[] }>().rows.find((r) => r.groupKey === key);
  return row ?? { counts: {}, indicators: {} };
}

describe('the closed loop, every branch, on a moved clock', () => {
  it('runs a case from an IoT alert through return, overdue supervision to the city, extensions, parking, a second overdue and rework to close', async () => {
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
    // Friday 10:07. The orange alert made a high-urgency case, auto-dispatched at 10:05 to the
    // district water bureau: the district centre is in charge; 4 working hours to handle → 15:35.
    let c = await get(fromAlert!.case.id);
    const centre = c.centreId;
    expect(c).toMatchObject({ state: 'dispatched', unitId: water.id, centreLevel: 'district' });
    expect(c.step).toMatchObject({ step: 'handle', dueAt: shanghai(27, 15, 35) });
    expect(c.status).toMatchObject({ step: 'handle', light: 'green' });
    expect(await timeline(c.id)).toEqual(['reported', 'filed', 'dispatched']);
    expect((await indicators('unit', water.id)).counts).toMatchObject({
      filed: 1,
      dispatched: 1,
      returned: 0,
      pending: 1,
      pendingOverdue: 0,
    });

    // An operator may also file a case from an alert by hand; twice gives the same case. This one
    // is voided (作废): the policy filed the alert already.
    const byHand = () =>
      p.app.inject({
        method: 'POST',
        url: '/api/v1/cases/from-alert',
        headers: s.dispatcher!.headers,
        payload: { alertId: alertIdOf(fromAlert!) },
      });
    const first = await byHand();
    expect(first.statusCode, first.body).toBe(201);
    const handFiled = first.json<{ case: CaseBody; existing: boolean }>();
    expect(handFiled).toMatchObject({ case: { state: 'reported' }, existing: false });
    expect((await byHand()).json<{ existing: boolean }>().existing).toBe(true);
    const voided = await ok('shift_lead', handFiled.case.id, { type: 'void', reason: 'the policy filed this alert already' });
    expect(voided.state).toBe('voided');
    expect(await timeline(voided.id)).toEqual(['reported', 'voided']);

    // Returned (退回) by the bureau: back to the district dispatcher, 30 minutes to dispatch again,
    // and counted against the centre's dispatch accuracy.
    c = await ok('handler', c.id, { type: 'return', reason: 'a private yard, not the road' });
    expect(c).toMatchObject({ state: 'filed', unitId: null, returnCount: 1 });
    expect(c.step).toMatchObject({ step: 'dispatch', dueAt: shanghai(27, 10, 37) });
    expect(c.status?.light).toBe('green');
    expect(await timeline(c.id)).toEqual(['reported', 'filed', 'dispatched', 'returned']);
    expect((await indicators('centre', centre)).counts).toMatchObject({ dispatched: 1, returned: 1, pending: 1 });
    expect((await indicators('centre', centre)).indicators.accurateDispatchRate).toBe(0);
    expect(await indicators('unit', water.id)).toEqual({ counts: {}, indicators: {} }); // not the bureau's case now

    // Nobody dispatches it: yellow at 25 of 30 minutes, red past them, and a supervision order
    // to the centre one level above the district's: the city.
    await advance(25 * MIN);
    expect((await get(c.id)).status).toMatchObject({ step: 'dispatch', light: 'yellow' });
    await advance(6 * MIN);
    c = await get(c.id);
    expect(c.status?.light).toBe('red');
    expect(c.overdueCount).toBe(1);
    expect(await timeline(c.id)).toEqual(['reported', 'filed', 'dispatched', 'returned', 'overdue']);
    expect((await indicators('centre', centre)).counts).toMatchObject({ pending: 1, pendingOverdue: 1 });
    let cityOrders = (await orders('city_dispatcher')).filter((o) => o.caseId === c.id);
    expect(cityOrders.map((o) => [o.toCentreLevel, o.state])).toEqual([['city', 'open']]);
    expect((await orders('shift_lead')).filter((o) => o.caseId === c.id)).toEqual([]); // the district cannot see it

    // The city re-dispatches it to the bureau (10:38 + 4 working hours → 16:08).
    await resolve('city_dispatcher', cityOrders[0]!.id, { resolution: 'redispatch', unitId: water.id, note: 'it is a road after all' });
    c = await get(c.id);
    expect(c).toMatchObject({ state: 'dispatched', unitId: water.id });
    expect(c.step).toMatchObject({ step: 'handle', dueAt: shanghai(27, 16, 8) });
    expect(c.status?.light).toBe('green');
    expect(await timeline(c.id)).toEqual(['reported', 'filed', 'dispatched', 'returned', 'overdue', 'dispatched']);
    expect((await indicators('unit', water.id)).counts).toMatchObject({ dispatched: 1, returned: 1, pending: 1, pendingOverdue: 0 });

    // Accepted; a first extension of 2 working hours approved by the district dispatcher:
    // 16:08 + 2 working hours is Monday 08:38.
    c = await ok('handler', c.id, { type: 'accept' });
    c = await ok('handler', c.id, {
      type: 'request_extension',
      extra: { amount: 2, unit: 'working_hours' },
      reason: 'the pump truck is on another job',
    });
    c = await ok('dispatcher', c.id, { type: 'decide_extension', approve: true });
    expect(c.extensionCount).toBe(1);
    expect(c.step).toMatchObject({ step: 'handle', dueAt: shanghai(30, 8, 38) });
    expect(c.status?.light).toBe('green');
    expect((await indicators('unit', water.id)).counts).toMatchObject({ extended: 1, pending: 1, pendingOverdue: 0 });
    expect((await indicators('unit', water.id)).indicators.extensionRate).toBe(1);

    // A second extension needs a shift lead, who denies it: the due time stays.
    c = await ok('handler', c.id, { type: 'request_extension', extra: { amount: 1, unit: 'working_days' }, reason: 'still raining' });
    const refused = await send('dispatcher', c.id, { type: 'decide_extension', approve: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ code: string }>().code).toBe('CASE_EXTENSION_NEEDS_HIGHER_ROLE');
    c = await ok('shift_lead', c.id, { type: 'decide_extension', approve: false, note: 'pump it today' });
    expect(c.extensionCount).toBe(1);
    expect(c.step?.dueAt).toBe(shanghai(30, 8, 38));
    expect(await timeline(c.id)).toEqual([
      ...['reported', 'filed', 'dispatched', 'returned', 'overdue', 'dispatched', 'accepted'],
      ...['extension_requested', 'extension_approved', 'extension_requested', 'extension_denied'],
    ]);

    // Parked (挂账) at Friday 10:38 with 6 working hours left; the old due time (Monday 08:38)
    // passes while parked without an overdue; the review reminder comes on Saturday.
    c = await ok('shift_lead', c.id, { type: 'park', reason: 'the pump station is under repair', reviewAt: p.clock.now() + DAY });
    expect(c.state).toBe('parked');
    expect(c.step?.pausedRemainingMs).toBe(6 * HOUR);
    await advance(3 * DAY + MIN);
    c = await get(c.id);
    expect(c).toMatchObject({ state: 'parked', overdueCount: 1 });
    expect(c.status?.light).not.toBe('red');
    expect((await timeline(c.id)).slice(-2)).toEqual(['parked', 'commented']);
    expect((await indicators('unit', water.id)).counts).toMatchObject({ pending: 1, pendingOverdue: 0, dueInPeriod: 0 });
    // Resumed Monday 10:39: the 6 hours left run to Tuesday 08:39.
    c = await ok('shift_lead', c.id, { type: 'resume' });
    expect(c.state).toBe('accepted');
    expect(c.step).toMatchObject({ step: 'handle', dueAt: shanghai(1, 8, 39, 12), pausedRemainingMs: null });
    expect(c.status?.light).toBe('green');

    // Overdue again (Tuesday 10:39): a second order, to the city — there is no level above it.
    await advance(DAY);
    c = await get(c.id);
    expect(c.overdueCount).toBe(2);
    expect(c.status).toMatchObject({ step: 'handle', light: 'red' });
    expect((await timeline(c.id)).slice(-2)).toEqual(['resumed', 'overdue']);
    expect((await indicators('unit', water.id)).counts).toMatchObject({ dueInPeriod: 1, handledOnTime: 0, pendingOverdue: 1 });
    expect((await indicators('unit', water.id)).indicators).toMatchObject({ onTimeHandlingRate: 0, overduePendingRate: 1 });
    cityOrders = (await orders('city_dispatcher')).filter((o) => o.caseId === c.id && o.state === 'open');
    expect(cityOrders.map((o) => o.toCentreLevel)).toEqual(['city']);

    // The city's shift lead sets a new deadline, 12:39; the light leaves red.
    await resolve('city_lead', cityOrders[0]!.id, { resolution: 'new_deadline', dueAt: shanghai(1, 12, 39, 12), note: 'pump it by 12:39' });
    c = await get(c.id);
    expect(c.step?.dueAt).toBe(shanghai(1, 12, 39, 12));
    expect(c.status?.light).not.toBe('red');
    expect((await orders('city_dispatcher')).filter((o) => o.caseId === c.id && o.state === 'open')).toEqual([]);
    expect((await indicators('unit', water.id)).counts).toMatchObject({ pendingOverdue: 0 });

    // Handled before the deadline in force (on time against it); one working hour to verify.
    c = await ok('handler', c.id, { type: 'handle', result: 'pumped dry' });
    expect(c).toMatchObject({ state: 'handled', handledOnTime: true });
    expect(c.step).toMatchObject({ step: 'verify', dueAt: shanghai(1, 11, 39, 12) });
    expect((await indicators('unit', water.id)).counts).toMatchObject({ handled: 1, handledOnTime: 1, dueInPeriod: 1, reworked: 0 });

    // The check fails at 11:09 (返工): back to the bureau with the full 4 working hours, to 16:39.
    p.clock.advance(30 * MIN);
    c = await ok('dispatcher', c.id, { type: 'verify', passed: false, note: 'the water is back: the drain is blocked' });
    expect(c).toMatchObject({ state: 'accepted', reworkCount: 1 });
    expect(c.step).toMatchObject({ step: 'handle', dueAt: shanghai(1, 16, 39, 12) });
    expect(c.status?.light).toBe('green');
    expect((await indicators('unit', water.id)).counts).toMatchObject({ handled: 0, pending: 1 }); // reported back no more

    // Handled again, verified, closed — not on time: it went overdue twice on the way.
    p.clock.advance(HOUR);
    c = await ok('handler', c.id, { type: 'handle', result: 'drain unblocked' });
    c = await ok('dispatcher', c.id, { type: 'verify', passed: true, note: 'dry' });
    c = await ok('dispatcher', c.id, { type: 'close' });
    expect(c).toMatchObject({ state: 'closed', closedOnTime: false, step: null, status: null });
    expect(await timeline(c.id)).toEqual([
      ...['reported', 'filed', 'dispatched', 'returned', 'overdue', 'dispatched', 'accepted'],
      ...['extension_requested', 'extension_approved', 'extension_requested', 'extension_denied'],
      ...['parked', 'commented', 'resumed', 'overdue', 'deadline_set'],
      ...['handled', 'rework', 'handled', 'verified', 'closed'],
    ]);
    p.clock.advance(MIN); // a period running to now counts a case closed at this very instant as pending until then
    const final = await indicators('unit', water.id);
    expect(final.counts).toMatchObject({
      dispatched: 1,
      returned: 1,
      handled: 1,
      handledOnTime: 1,
      reworked: 1,
      extended: 1,
      closed: 1,
      closedOnTime: 0,
      pending: 0,
      pendingOverdue: 0,
    });
    expect(final.indicators).toMatchObject({ accurateDispatchRate: 0, reworkRate: 1, closingRate: 1, onTimeClosingRate: 0 });
    // Every change went out on the bus, once.
    const ids = caseEvents.filter((e) => e.case.id === c.id).map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(21);
  });

  it('runs an inspector’s case through overdue supervision, return, extensions, parking, rework and close', async () => {
    const squad = p.directory.getUnitByCode('D-310101002-enforcement')!;
    p.clock.set(shanghai(4, 10, 0, 12)); // Friday 4 December, 10:00
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
    const street = c.centreId;
    expect(c.step).toMatchObject({ step: 'dispatch', dueAt: shanghai(4, 10, 30, 12) });
    expect((await indicators('centre', street)).counts).toMatchObject({ reported: 1, filed: 1, dispatched: 0 });

    // 25 of the 30 minutes to dispatch: yellow.
    await advance(25 * MIN);
    expect((await get(c.id)).status?.light).toBe('yellow');
    // Past 30 minutes: red, overdue, a supervision order to the district centre.
    await advance(10 * MIN);
    c = await get(c.id);
    expect(c.status?.light).toBe('red');
    expect(c.overdueCount).toBe(1);
    expect((await indicators('centre', street)).counts).toMatchObject({ pending: 1, pendingOverdue: 1 });
    const districtOrders = (await orders('shift_lead')).filter((o) => o.caseId === c.id);
    expect(districtOrders.map((o) => [o.toCentreLevel, o.state])).toEqual([['district', 'open']]);
    // The street cannot see an order addressed to the district.
    expect((await orders('dispatcher_nanjing')).filter((o) => o.caseId === c.id)).toEqual([]);

    // The district sets a new deadline in 10 minutes; missed again → an order to the city.
    await resolve('shift_lead', districtOrders[0]!.id, {
      resolution: 'new_deadline',
      dueAt: p.clock.now() + 10 * MIN,
      note: 'dispatch it now',
    });
    c = await get(c.id);
    expect(c.step?.dueAt).toBe(shanghai(4, 10, 45, 12));
    expect(c.status?.light).not.toBe('red');
    expect((await indicators('centre', street)).counts).toMatchObject({ pending: 1, pendingOverdue: 0 });
    await advance(11 * MIN);
    c = await get(c.id);
    expect(c.overdueCount).toBe(2);
    expect(c.status?.light).toBe('red');
    expect(await timeline(c.id)).toEqual(['reported', 'filed', 'overdue', 'deadline_set', 'overdue']);
    const cityOrders = (await orders('city_dispatcher')).filter((o) => o.caseId === c.id && o.state === 'open');
    expect(cityOrders.map((o) => o.toCentreLevel)).toEqual(['city']);

    // The city re-dispatches it to the street squad.
    await resolve('city_dispatcher', cityOrders[0]!.id, { resolution: 'redispatch', unitId: squad.id });
    c = await get(c.id);
    expect(c.state).toBe('dispatched');
    // E0101 is 5 working days to handle: 10:46 on Friday the 11th.
    expect(c.step).toMatchObject({ step: 'handle', dueAt: shanghai(11, 10, 46, 12) });
    expect(c.status?.light).toBe('green');
    expect((await indicators('unit', squad.id)).counts).toMatchObject({ dispatched: 1, returned: 0, pending: 1, pendingOverdue: 0 });

    // Returned as not theirs, then dispatched again by the street.
    c = await ok('handler_enforcement', c.id, { type: 'return', reason: 'belongs to housing' });
    expect(c.returnCount).toBe(1);
    expect(c.step).toMatchObject({ step: 'dispatch', dueAt: shanghai(4, 11, 16, 12) });
    expect(c.status?.light).toBe('green');
    expect((await indicators('centre', street)).indicators.accurateDispatchRate).toBe(0);
    c = await ok('dispatcher_nanjing', c.id, { type: 'dispatch', unitId: squad.id, note: 'it is yours: public pavement' });
    c = await ok('handler_enforcement', c.id, { type: 'accept' });
    expect(c.step?.dueAt).toBe(shanghai(11, 10, 46, 12));
    expect((await indicators('unit', squad.id)).counts).toMatchObject({ dispatched: 1, returned: 1, extended: 0 });

    // First extension approved by the street dispatcher; the second needs a shift lead.
    c = await ok('handler_enforcement', c.id, {
      type: 'request_extension',
      extra: { amount: 1, unit: 'working_days' },
      reason: 'owner away',
    });
    c = await ok('dispatcher_nanjing', c.id, { type: 'decide_extension', approve: true });
    expect(c.extensionCount).toBe(1);
    expect(c.step?.dueAt).toBe(shanghai(14, 10, 46, 12)); // one working day on, over the weekend
    expect((await indicators('unit', squad.id)).counts).toMatchObject({ extended: 1 });
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
    expect(c.step?.dueAt).toBe(shanghai(14, 16, 16, 12)); // and 4 working hours more

    // Parked over the weekend: the clock pauses, the review reminder comes, resume keeps the time left.
    c = await ok('shift_lead', c.id, { type: 'park', reason: 'court order pending', reviewAt: p.clock.now() + 3 * DAY });
    expect(c.state).toBe('parked');
    expect(c.step!.pausedRemainingMs).not.toBeNull();
    await advance(3 * DAY + MIN);
    expect(await timeline(c.id)).toContain('commented');
    c = await ok('shift_lead', c.id, { type: 'resume' });
    expect(c.state).toBe('accepted');
    // Parked Friday 10:46 to Monday 10:47: 8 h 01 working minutes, by which the due time moves.
    expect(c.step).toMatchObject({ dueAt: shanghai(15, 16, 17, 12), pausedRemainingMs: null, pausedMs: 8 * HOUR + MIN });
    expect(c.status?.light).toBe('green');
    expect((await indicators('unit', squad.id)).counts).toMatchObject({ pending: 1, pendingOverdue: 0 });

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
    expect(c).toMatchObject({ state: 'handled', handledOnTime: true });
    expect(c.step).toMatchObject({ step: 'verify', dueAt: shanghai(7, 11, 47, 12) });
    expect((await indicators('unit', squad.id)).counts).toMatchObject({ handled: 1, handledOnTime: 1, dueInPeriod: 1, reworked: 0 });
    c = await ok('inspector', c.id, { type: 'verify', passed: false, note: 'frame still there' });
    expect(c.reworkCount).toBe(1);
    expect(c.step).toMatchObject({ step: 'handle', dueAt: shanghai(14, 10, 47, 12) }); // the full 5 working days again
    c = await ok('handler_enforcement', c.id, { type: 'handle', result: 'frame removed' });
    expect((await indicators('unit', squad.id)).counts).toMatchObject({ handled: 1, reworked: 1 });
    c = await ok('inspector', c.id, { type: 'verify', passed: true, note: 'clear' });
    c = await ok('dispatcher_nanjing', c.id, { type: 'close' });
    expect(c.state).toBe('closed');
    expect(c.closedOnTime).toBe(false); // it went overdue twice on the way
    p.clock.advance(MIN); // see the IoT case: closed at this very instant is still pending until it has passed
    expect((await indicators('unit', squad.id)).counts).toMatchObject({ closed: 1, closedOnTime: 0, pending: 0 });
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
    // The bureau's case was returned, reworked and extended once too, and handled by the deadline in force.
    expect(water.counts).toMatchObject({ dispatched: 1, returned: 1, handled: 1, handledOnTime: 1, reworked: 1, extended: 1, closed: 1 });
    expect(water.indicators).toMatchObject({ accurateDispatchRate: 0, onTimeHandlingRate: 1, closingRate: 1, onTimeClosingRate: 0 });

    // By source, the role or channel that found each case: the same cases, counted once each.
    const bySource = await p.app.inject({
      method: 'GET',
      url: `/api/v1/evaluation?from=${from}&to=${to}&groupBy=source&jurisdiction=310101`,
      headers: s.dispatcher!.headers,
    });
    expect(bySource.statusCode, bySource.body).toBe(200);
    const sources = bySource.json<{ rows: Row[] }>().rows;
    expect(sources.find((r) => r.groupKey === 'inspector')).toMatchObject({ groupName: '监督员上报' });
    expect(sources.find((r) => r.groupKey === 'alert')).toMatchObject({ groupName: '物联感知告警' });
    const reported = (list: Row[]) => list.reduce((n, r) => n + (r.counts.reported ?? 0), 0);
    expect(reported(sources)).toBe(reported(rows));

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
    expect(noReason.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.reason' });
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
    expect(notImage.json()).toMatchObject({ code: 'ATTACHMENT_TYPE', field: 'body' });
    // One byte over the limit, with a PNG's header: refused by size, not by type.
    const huge = Buffer.concat([PNG, Buffer.alloc(MAX_ATTACHMENT_BYTES + 1 - PNG.length)]);
    const tooBig = await p.app.inject({
      method: 'POST',
      url: '/api/v1/attachments?name=huge.png',
      headers: { ...s.inspector!.headers, 'content-type': 'image/png' },
      payload: huge,
    });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', field: 'body' });
    const unknownPhoto = await send('dispatcher_nanjing', c.id, { type: 'comment', note: 'see photo', attachments: ['nope'] });
    expect(unknownPhoto.statusCode).toBe(422);
    expect(unknownPhoto.json()).toMatchObject({ code: 'ATTACHMENT_UNKNOWN', field: 'attachments' });
    const after = await get(c.id);
    expect(after.version).toBe(c.version);
    expect(await timeline(c.id)).toEqual(['reported']);
  });
});
