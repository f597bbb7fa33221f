/**
 * The closed loop over HTTP on the demo city: an inspector reports, the street centre files and
 * dispatches, the squad accepts and handles, the inspector verifies, the centre closes — with
 * the return, rework and duplicate branches, the timeline and the version check; the work
 * queues of each role, the list's filters and cursor paging, and the scope seen from outside;
 * routing: dispatch inside the street, escalation to the district, a recorded override; a
 * duplicate proposed to a person and merged by their recorded decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/directory/demo-directory.ts';
import { signIn, startTestPlatform, type TestPlatform, type TestSession } from '../support/platform.ts';

let p: TestPlatform;
const s: Record<string, TestSession> = {};
let spot: [number, number];
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  p = await startTestPlatform();
  // A dispatcher of another district, to look from outside the scope.
  await p.directory.createUser({
    username: 'dispatcher_pudong',
    displayName: 'Pudong dispatcher',
    password: DEMO_PASSWORD,
    roles: ['dispatcher'],
    jurisdictionId: p.geo.getByCode('310115')!.id,
    unitId: p.directory.getUnitByCode('C-310115')!.id,
  });
  for (const u of [
    'inspector',
    'dispatcher_nanjing',
    'handler_enforcement',
    'dispatcher',
    'handler',
    'shift_lead',
    'intake',
    'dispatcher_pudong',
  ])
    s[u] = await signIn(p, u, DEMO_PASSWORD);
  spot = p.geo.getByCode('310101002')!.center;
}, 120_000);
afterAll(async () => p?.dispose());

interface CaseBody {
  id: string;
  code: string;
  source: string;
  state: string;
  version: number;
  unitId: string | null;
  centreLevel: string;
  reportCount: number;
  status: { step: string; light: string } | null;
}

async function report(user: string, category: string, at: [number, number] = spot, extra: Record<string, unknown> = {}) {
  const res = await p.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: s[user]!.headers,
    payload: { category, description: 'found on patrol', location: { lon: at[0], lat: at[1] }, ...extra },
  });
  return res;
}

async function command(user: string, id: string, body: Record<string, unknown>) {
  return p.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/commands`, headers: s[user]!.headers, payload: body });
}

async function ok(user: string, id: string, body: Record<string, unknown>): Promise<CaseBody> {
  const res = await command(user, id, body);
  expect(res.statusCode, `${user} ${String(body.type)}: ${res.body}`).toBe(200);
  return res.json<{ case: CaseBody }>().case;
}

describe('the closed loop over HTTP', () => {
  it('runs a street case from report to close, with a return and a rework on the way', async () => {
    // The inspector reports with a photo (uploaded first, then named in the report).
    const upload = await p.app.inject({
      method: 'POST',
      url: '/api/v1/attachments?name=shed.png',
      headers: { ...s.inspector!.headers, 'content-type': 'image/png' },
      payload: PNG,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const photo = upload.json<{ id: string }>().id;
    const res = await report('inspector', 'E0101', spot, { reporter: { name: '张三', phone: '13812345678' }, attachments: [photo] });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ case: CaseBody }>().case;
    expect(created.source).toBe('inspector');
    expect(created.state).toBe('reported');
    expect(created.code).toMatch(/^310101-\d{8}-\d{4}$/);
    expect(created.centreLevel).toBe('street');
    expect(created.status?.step).toBe('dispatch');

    const squad = p.directory.getUnitByCode('D-310101002-enforcement')!;
    const filed = await ok('dispatcher_nanjing', created.id, { type: 'file', version: created.version });
    // a stale version is refused and nothing changes
    const stale = await command('dispatcher_nanjing', created.id, { type: 'dispatch', unitId: squad.id, version: created.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ code: string }>().code).toBe('CASE_VERSION_CONFLICT');

    let c = await ok('dispatcher_nanjing', created.id, { type: 'dispatch', unitId: squad.id, version: filed.version });
    expect(c.state).toBe('dispatched');
    expect(c.status?.step).toBe('handle');
    // the water handler is not of this unit
    expect((await command('handler', c.id, { type: 'accept' })).statusCode).toBe(403);
    c = await ok('handler_enforcement', c.id, { type: 'return', reason: 'not ours' });
    expect(c.state).toBe('filed');
    c = await ok('dispatcher_nanjing', c.id, { type: 'dispatch', unitId: squad.id });
    c = await ok('handler_enforcement', c.id, { type: 'accept' });
    c = await ok('handler_enforcement', c.id, { type: 'handle', result: 'shed removed' });
    expect(c.state).toBe('handled');
    c = await ok('inspector', c.id, { type: 'verify', passed: false, note: 'still there' });
    expect(c.state).toBe('accepted');
    c = await ok('handler_enforcement', c.id, { type: 'handle', result: 'removed for real' });
    c = await ok('inspector', c.id, { type: 'verify', passed: true, note: 'gone' });
    c = await ok('dispatcher_nanjing', c.id, { type: 'close' });
    expect(c.state).toBe('closed');

    const timeline = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/timeline`, headers: s.inspector!.headers });
    expect(timeline.json<{ attachments: string[] }[]>()[0]!.attachments).toEqual([photo]);
    expect(timeline.json<{ type: string }[]>().map((e) => e.type)).toEqual([
      'reported',
      'filed',
      'dispatched',
      'returned',
      'dispatched',
      'accepted',
      'handled',
      'rework',
      'handled',
      'verified',
      'closed',
    ]);
    const reporter = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/reporter`, headers: s.inspector!.headers });
    expect(reporter.json()).toEqual({ name: '张*', phone: '138****5678', email: null });
  });

  it('routes a district bureau’s case to the district centre and proposes duplicates', async () => {
    const first = (await report('inspector', 'E0401')).json<{ case: CaseBody }>().case;
    expect(first.centreLevel).toBe('district');
    p.clock.advance(60_000);
    const second = await report('intake', 'E0401', [spot[0] + 0.0001, spot[1]]);
    expect(second.statusCode, second.body).toBe(201);
    const body = second.json<{ case: CaseBody; duplicates: { masterId: string; confidence: number }[] }>();
    expect(body.duplicates[0]?.masterId).toBe(first.id);
    // ~10 m and a minute apart: merged automatically into the first
    expect(body.case.state).toBe('merged');
    const master = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${first.id}`, headers: s.dispatcher!.headers });
    expect(master.json<CaseBody>().reportCount).toBe(2);

    // Every reporter gets the outcome: closing the master tells the merged report.
    const water = p.directory.getUnitByCode('D-310101-water')!;
    await ok('dispatcher', first.id, { type: 'file' });
    await ok('dispatcher', first.id, { type: 'dispatch', unitId: water.id });
    await ok('handler', first.id, { type: 'accept' });
    await ok('handler', first.id, { type: 'handle', result: 'drained' });
    await ok('dispatcher', first.id, { type: 'verify', passed: true, note: 'dry' });
    await ok('dispatcher', first.id, { type: 'close', note: 'drain cleared' });
    const told = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${body.case.id}/timeline`, headers: s.intake!.headers });
    const last = told.json<{ type: string; note: string }[]>().at(-1)!;
    expect(last.type).toBe('commented');
    expect(last.note).toContain('drain cleared');
  });

  it('dispatches inside the street, escalates (上报) what the street cannot, and records an override of the matrix', async () => {
    const water = p.directory.getUnitByCode('D-310101-water')!;
    // A pavement case 150–300 m from the others: the matrix suggests the street's squad.
    const created = (await report('inspector', 'E0101', [spot[0] - 0.0045, spot[1] + 0.001])).json<{ case: CaseBody }>().case;
    expect(created.centreLevel).toBe('street');
    let c = await ok('dispatcher_nanjing', created.id, { type: 'file' });
    // The street cannot send it to a district bureau.
    const outside = await command('dispatcher_nanjing', c.id, { type: 'dispatch', unitId: water.id, overrideReason: 'a drain' });
    expect(outside.statusCode).toBe(422);
    expect(outside.json()).toMatchObject({ code: 'CASE_UNIT_OUTSIDE_CENTRE', field: 'unitId' });
    const escalateNoReason = await command('dispatcher_nanjing', c.id, { type: 'escalate', reason: '' });
    expect(escalateNoReason.statusCode).toBe(400);
    c = await ok('dispatcher_nanjing', c.id, { type: 'escalate', reason: 'a collapsed drain under the pavement: the water bureau’s' });
    expect(c.centreLevel).toBe('district');
    // Now the district's: the street gives no more centre commands.
    const street = await command('dispatcher_nanjing', c.id, {
      type: 'dispatch',
      unitId: p.directory.getUnitByCode('D-310101002-enforcement')!.id,
    });
    expect(street.statusCode).toBe(403);
    // Away from the matrix's suggestion only with a reason, which the timeline keeps.
    const noReason = await command('dispatcher', c.id, { type: 'dispatch', unitId: water.id });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json()).toMatchObject({ code: 'CASE_REASON_REQUIRED', field: 'overrideReason' });
    c = await ok('dispatcher', c.id, { type: 'dispatch', unitId: water.id, overrideReason: 'the drain, not the pavement' });
    expect(c.unitId).toBe(water.id);
    const entries = (await p.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/timeline`, headers: s.dispatcher!.headers })).json<
      { type: string; note: string | null }[]
    >();
    expect(entries.map((e) => e.type)).toEqual(['reported', 'filed', 'escalated', 'dispatched']);
    expect(entries[2]!.note).toContain('collapsed drain');
    expect(entries[3]!.note).toContain('override: the drain, not the pavement');
  });

  it('serves each role its work queue, filters and pages the list by cursor, and answers 404 outside the scope', async () => {
    const ids = async (user: string, url: string) => {
      const res = await p.app.inject({ method: 'GET', url, headers: s[user]!.headers });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      return res.json<{ items: CaseBody[] }>().items.map((c) => c.id);
    };
    const squad = p.directory.getUnitByCode('D-310101002-enforcement')!;
    // ~300 m and ~600 m from the other cases: no duplicates.
    const a = (await report('inspector', 'E0101', [spot[0] - 0.003, spot[1]])).json<{ case: CaseBody }>().case;
    expect(await ids('dispatcher_nanjing', '/api/v1/queues/to-dispatch')).toContain(a.id);
    await ok('dispatcher_nanjing', a.id, { type: 'file' });
    await ok('dispatcher_nanjing', a.id, { type: 'dispatch', unitId: squad.id });
    expect(await ids('dispatcher_nanjing', '/api/v1/queues/to-dispatch')).not.toContain(a.id);
    expect(await ids('handler_enforcement', '/api/v1/queues/mine')).toContain(a.id);
    expect(await ids('handler', '/api/v1/queues/mine')).not.toContain(a.id); // the water bureau's
    await ok('handler_enforcement', a.id, { type: 'accept' });
    await ok('handler_enforcement', a.id, { type: 'handle', result: 'cleared' });
    expect(await ids('handler_enforcement', '/api/v1/queues/mine')).not.toContain(a.id);
    expect(await ids('dispatcher_nanjing', '/api/v1/queues/to-verify')).toContain(a.id);

    // Left unfiled past its 30 minutes to dispatch, another report is overdue; the first, with
    // an hour to verify, is not.
    const b = (await report('inspector', 'E0101', [spot[0] - 0.006, spot[1]])).json<{ case: CaseBody }>().case;
    expect(await ids('dispatcher_nanjing', '/api/v1/queues/overdue')).not.toContain(b.id);
    p.clock.advance(31 * 60_000);
    // Browser sessions end after 30 idle minutes: sign in again.
    for (const u of ['dispatcher_nanjing', 'dispatcher', 'dispatcher_pudong']) s[u] = await signIn(p, u, DEMO_PASSWORD);
    const overdue = await ids('dispatcher_nanjing', '/api/v1/queues/overdue');
    expect(overdue).toContain(b.id);
    expect(overdue).not.toContain(a.id);

    // Filters, alone and together.
    expect(await ids('dispatcher', '/api/v1/cases?state=handled&category=E0101')).toEqual([a.id]);
    expect(await ids('dispatcher', `/api/v1/cases?unit=${squad.id}&state=handled`)).toEqual([a.id]);
    expect(await ids('dispatcher', '/api/v1/cases?overdue=true&category=E0101')).toContain(b.id);
    expect(await ids('dispatcher', '/api/v1/cases?state=closed')).not.toContain(a.id);

    // Two at a time by cursor: the same cases as one page, none twice.
    const all = await ids('dispatcher', '/api/v1/cases?limit=500');
    expect(all.length).toBeGreaterThan(4);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<typeof p.app.inject>> = await p.app.inject({
        method: 'GET',
        url: `/api/v1/cases?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        headers: s.dispatcher!.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      const page: { items: CaseBody[]; nextCursor: string | null } = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(all);

    // Another district sees none of it: not in its list or queues, 404 for the case, its timeline and a command.
    expect(await ids('dispatcher_pudong', '/api/v1/cases?limit=500')).not.toContain(a.id);
    expect(await ids('dispatcher_pudong', '/api/v1/queues/to-dispatch')).not.toContain(b.id);
    expect(await ids('dispatcher_pudong', '/api/v1/queues/overdue')).not.toContain(b.id);
    for (const url of [`/api/v1/cases/${a.id}`, `/api/v1/cases/${a.id}/timeline`]) {
      const res = await p.app.inject({ method: 'GET', url, headers: s.dispatcher_pudong!.headers });
      expect(res.statusCode, url).toBe(404);
    }
    const refused = await command('dispatcher_pudong', b.id, { type: 'file' });
    expect(refused.statusCode).toBe(404);
    const after = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${b.id}`, headers: s.dispatcher!.headers });
    expect(after.json<CaseBody>()).toMatchObject({ state: 'reported', version: b.version });

    // Reporting at a place in another district, or asking for its list, is refused at the field
    // that named the place (a form shows it there).
    const elsewhere = await report('dispatcher_pudong', 'E0101');
    expect(elsewhere.statusCode, elsewhere.body).toBe(403);
    expect(elsewhere.json()).toMatchObject({ code: 'SCOPE_FORBIDDEN', field: 'body.location' });
    const huangpu = p.geo.getByCode('310101')!.id;
    const listed = await p.app.inject({
      method: 'GET',
      url: `/api/v1/cases?jurisdiction=${huangpu}`,
      headers: s.dispatcher_pudong!.headers,
    });
    expect(listed.json()).toMatchObject({ status: 403, code: 'SCOPE_FORBIDDEN', field: 'query.jurisdiction' });
  });

  it('proposes a less certain duplicate to a person, whose decision and reason are recorded', async () => {
    const at: [number, number] = [spot[0] - 0.005, spot[1] - 0.0008]; // 130 m and more from the others
    // The last test moved the clock past the sessions' 30 idle minutes; this one moves it 6 hours.
    const signInAll = async () => {
      for (const u of ['inspector', 'intake', 'dispatcher']) s[u] = await signIn(p, u, DEMO_PASSWORD);
    };
    await signInAll();
    const first = await report('inspector', 'E0101', at);
    expect(first.statusCode, first.body).toBe(201);
    const master = first.json<{ case: CaseBody }>().case;
    // 6 hours later, ~19 m away: confidence 1 − 0.5·19/50 − 0.5·6/24 ≈ 0.69, under the 0.9 that merges by itself.
    p.clock.advance(6 * 3_600_000);
    await signInAll();
    const second = (await report('intake', 'E0101', [at[0] + 0.0002, at[1]])).json<{
      case: CaseBody;
      duplicates: { masterId: string; confidence: number }[];
    }>();
    expect(second.case.state).toBe('reported');
    expect(second.duplicates.map((d) => d.masterId)).toEqual([master.id]);
    expect(second.duplicates[0]!.confidence).toBeGreaterThan(0.6);
    expect(second.duplicates[0]!.confidence).toBeLessThan(0.9);
    const listed = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${second.case.id}/duplicates`, headers: s.dispatcher!.headers });
    const proposals = listed.json<{ id: string; masterId: string; decision: string }[]>();
    expect(proposals.map((d) => [d.masterId, d.decision])).toEqual([[master.id, 'proposed']]);

    const decide = (body: Record<string, unknown>) =>
      p.app.inject({
        method: 'POST',
        url: `/api/v1/duplicate-proposals/${proposals[0]!.id}/decision`,
        headers: s.dispatcher!.headers,
        payload: body,
      });
    expect((await decide({ decision: 'merge', reason: ' ' })).statusCode).toBe(400);
    expect((await decide({ decision: 'merge', reason: 'same shed, seen from the other side' })).statusCode).toBe(200);
    const merged = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${second.case.id}/timeline`, headers: s.dispatcher!.headers });
    const last = merged.json<{ type: string; note: string | null }[]>().at(-1)!;
    expect(last.type).toBe('merged');
    expect(last.note).toContain('same shed, seen from the other side');
    const decided = await p.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${second.case.id}/duplicates`,
      headers: s.dispatcher!.headers,
    });
    expect(decided.json<unknown[]>()[0]).toMatchObject({ decision: 'merged', reason: 'same shed, seen from the other side' });
    const masterNow = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${master.id}`, headers: s.dispatcher!.headers });
    expect(masterNow.json<CaseBody>().reportCount).toBe(2);
    // Decided once.
    expect((await decide({ decision: 'dismiss', reason: 'changed my mind' })).statusCode).toBe(409);
  });

  it('lets the district take over a street case it was told is overdue (督办 → 上报)', async () => {
    s.inspector = await signIn(p, 'inspector', DEMO_PASSWORD);
    const created = await report('inspector', 'E0101', [spot[0] - 0.002, spot[1] + 0.002]); // 200 m and more from the others
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json<{ case: CaseBody }>().case;
    expect(c.centreLevel).toBe('street');
    p.clock.advance(31 * 60_000);
    await p.cases.tick();
    s.shift_lead = await signIn(p, 'shift_lead', DEMO_PASSWORD);
    const list = await p.app.inject({ method: 'GET', url: '/api/v1/supervision-orders', headers: s.shift_lead.headers });
    const order = list.json<{ id: string; caseId: string; toCentreLevel: string }[]>().find((o) => o.caseId === c.id)!;
    expect(order.toCentreLevel).toBe('district');
    const noNote = await p.app.inject({
      method: 'POST',
      url: `/api/v1/supervision-orders/${order.id}/resolve`,
      headers: s.shift_lead.headers,
      payload: { resolution: 'escalate' },
    });
    expect(noNote.statusCode).toBe(400);
    const res = await p.app.inject({
      method: 'POST',
      url: `/api/v1/supervision-orders/${order.id}/resolve`,
      headers: s.shift_lead.headers,
      payload: { resolution: 'escalate', note: 'the street has no one free: the district takes it' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: s.shift_lead.headers });
    expect(after.json<CaseBody>().centreLevel).toBe('district');
    const timeline = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/timeline`, headers: s.shift_lead.headers });
    expect(timeline.json<{ type: string }[]>().map((e) => e.type)).toEqual(['reported', 'overdue', 'escalated']);
    const again = await p.app.inject({
      method: 'POST',
      url: `/api/v1/supervision-orders/${order.id}/resolve`,
      headers: s.shift_lead.headers,
      payload: { resolution: 'escalate', note: 'twice' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('documents every command and queue in the OpenAPI description', async () => {
    type Schema = { properties?: { type?: { enum?: string[] } }; enum?: string[]; allOf?: Schema[]; oneOf?: Schema[] };
    type Op = { requestBody?: { content: Record<string, { schema: Schema }> }; parameters?: { name: string; schema: Schema }[] };
    const doc = (await p.app.inject({ url: '/api/docs/json' })).json<{ paths: Record<string, Record<string, Op>> }>();
    const body = doc.paths['/api/v1/cases/{id}/commands']!.post!.requestBody!.content['application/json']!.schema;
    const variants = body.allOf!.find((x) => x.oneOf)!.oneOf!;
    expect(variants.flatMap((v) => v.properties?.type?.enum ?? []).sort()).toEqual(
      [
        'file',
        'reject',
        'merge',
        'void',
        'dispatch',
        'accept',
        'return',
        'handle',
        'verify',
        'close',
        'request_extension',
        'decide_extension',
        'park',
        'resume',
        'reopen',
        'escalate',
        'set_deadline',
        'evaluate',
        'comment',
      ].sort(),
    );
    const queue = doc.paths['/api/v1/queues/{name}']!.get!.parameters!.find((x) => x.name === 'name')!;
    expect(queue.schema.enum).toEqual(['mine', 'to-dispatch', 'to-verify', 'overdue']);
  });
});
