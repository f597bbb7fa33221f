/**
 * Venue check-ins end to end over HTTP on the demo city, with the real audit log and the real
 * purpose grants (registry): a venue registered → citizens check in on the public route (unknown
 * fields, bad colours and floods refused) → a user without a grant sees counts only → a grant
 * naming case A answers for case A, not case B, only inside its jurisdiction, not once expired →
 * every query is in the audit log → 28 days on, the scheduler's purge removes the records and
 * writes its audit entry. On the suite's dialect (PostgreSQL when DATABASE_URL is set).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import type { Role } from '../../src/directory/roles.ts';

const PASSWORD = 'Checkin-test-2026!';
const DAY = 86_400_000;
const SYSTEM = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };

let p: TestPlatform;
let users = 0;
const ids: Record<string, string> = {};

/** Bearer headers for a new user with these roles at a jurisdiction code; also its id and path. */
async function userAt(roles: Role[], code: string) {
  const j = p.geo.getByCode(code)!;
  const u = await p.directory.createUser({
    username: `ci_${roles.join('_')}_${++users}`,
    displayName: 'checkin test',
    password: PASSWORD,
    roles,
    jurisdictionId: j.id,
  });
  const t = await p.auth.createToken(u.id, 'checkin-test', null);
  const actor = { userId: u.id, username: u.username, roles, scopePath: j.path };
  return { headers: { authorization: `Bearer ${t.token}` }, actor };
}

function inject(method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: unknown) {
  return p.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

/** A point inside a jurisdiction. */
const at = (code: string) => {
  const [lon, lat] = p.geo.getByCode(code)!.center;
  return { lon, lat };
};

let huangpuAdmin: Awaited<ReturnType<typeof userAt>>;
let lead: Awaited<ReturnType<typeof userAt>>;
let investigator: Awaited<ReturnType<typeof userAt>>;
let dispatcher: Awaited<ReturnType<typeof userAt>>;
let venue: { id: string; code: string; checkinUrl: string };
let pudongVenue: { id: string; code: string };

beforeAll(async () => {
  p = await startTestPlatform();
  huangpuAdmin = await userAt(['admin'], '310101');
  lead = await userAt(['shift_lead'], '310000');
  investigator = await userAt(['dispatcher'], '310000');
  dispatcher = await userAt(['dispatcher'], '310101');
  const report = (code: string) =>
    p.cases.report({ source: 'hotline', category: 'E0103', description: '流调测试', location: at(code) }, SYSTEM);
  ids.caseA = (await report('310101002')).case.id;
  ids.caseB = (await report('310101002')).case.id;
});
afterAll(async () => p?.dispose());

/** Requests and approves an investigation grant for the investigator. */
async function grantFor(caseId: string, jurisdictionCode: string, validForMs = 7 * DAY) {
  const g = await p.registry.grants.request(
    {
      granteeUserId: investigator.actor.userId,
      purpose: 'epidemic_investigation',
      scope: { kind: 'jurisdiction', subjectKind: 'checkin', jurisdictionId: p.geo.getByCode(jurisdictionCode)!.id },
      caseId,
      reason: '确诊病例流调',
      validUntil: p.clock.now() + validForMs,
    },
    investigator.actor,
  );
  return p.registry.grants.approve(g.id, lead.actor);
}

describe('venues', () => {
  it('an admin registers a venue in their district; it is located to the deepest jurisdiction and gets a code', async () => {
    const res = await inject('POST', '/api/v1/venues', huangpuAdmin.headers, {
      name: '南京东路某餐厅',
      kind: 'restaurant',
      address: '南京东路100号',
      location: at('310101002'),
      operatorContact: '13812345678',
    });
    expect(res.statusCode, res.body).toBe(201);
    venue = res.json();
    expect(venue.code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(venue.checkinUrl).toBe(`/api/v1/checkin/${venue.code}`);
    expect(res.json()).toMatchObject({ operatorContact: '13812345678', active: true });
    expect(p.geo.get(res.json<{ jurisdictionId: string }>().jurisdictionId)!.level).not.toBe('district');
  });

  it('refuses a venue outside the admin’s district and a dispatcher registering one', async () => {
    const body = { name: '浦东某商场', kind: 'mall', address: '世纪大道1号', location: at('310115') };
    expect((await inject('POST', '/api/v1/venues', huangpuAdmin.headers, body)).statusCode).toBe(403);
    expect((await inject('POST', '/api/v1/venues', dispatcher.headers, body)).statusCode).toBe(403);
    const city = await userAt(['admin'], '310000');
    const res = await inject('POST', '/api/v1/venues', city.headers, body);
    expect(res.statusCode, res.body).toBe(201);
    pudongVenue = res.json();
  });

  it('lists venues in scope; other roles see the operator’s phone masked', async () => {
    const res = await inject('GET', '/api/v1/venues', dispatcher.headers);
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Array<{ id: string; operatorContact: string }> }>().items;
    expect(items.map((v) => v.id)).toEqual([venue.id]);
    expect(items[0]!.operatorContact).toBe('138****5678');
  });
});

describe('public check-in', () => {
  const url = () => `/api/v1/checkin/${venue.code}`;

  it('takes a person key, a time and a colour — and nothing more', async () => {
    const ok = await inject('POST', url(), {}, { personKey: 'hc-key-case-a-0001', healthStatus: 'green' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ venueName: '南京东路某餐厅', at: p.clock.now() });
    for (const extra of [{ name: '张三' }, { phone: '13900001111' }, { location: { lon: 121.4, lat: 31.2 } }, { deviceId: 'x' }]) {
      const res = await inject('POST', url(), {}, { personKey: 'hc-key-case-a-0001', healthStatus: 'green', ...extra });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: `body.${Object.keys(extra)[0]}` });
    }
    const blue = await inject('POST', url(), {}, { personKey: 'hc-key-case-a-0001', healthStatus: 'blue' });
    expect(blue.json()).toMatchObject({ status: 400, field: 'body.healthStatus' });
    expect(
      (await inject('POST', '/api/v1/checkin/NoSuchVenueCode000000', {}, { personKey: 'hc-key-x-0001', healthStatus: 'red' })).statusCode,
    ).toBe(404);
  });

  it('answers a flood from one person key with 429 and Retry-After', async () => {
    const codes: number[] = [];
    let last = await inject('POST', url(), {}, { personKey: 'hc-key-flood-0001', healthStatus: 'green' });
    codes.push(last.statusCode);
    while (last.statusCode === 201 && codes.length < 50) {
      last = await inject('POST', url(), {}, { personKey: 'hc-key-flood-0001', healthStatus: 'green' });
      codes.push(last.statusCode);
    }
    expect(last.statusCode).toBe(429);
    expect(codes.filter((c) => c === 201).length).toBe(10);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.json()).toMatchObject({ code: 'RATE_LIMITED' });
    // Another person at the same venue is not held up.
    expect((await inject('POST', url(), {}, { personKey: 'hc-key-other-0001', healthStatus: 'yellow' })).statusCode).toBe(201);
  });
});

describe('investigation', () => {
  const query = (caseId: string, rest: string) =>
    `/api/v1/checkin/investigations?caseId=${caseId}&from=${p.clock.now() - DAY}&to=${p.clock.now() + 1}&${rest}`;

  it('without a grant: counts only, and the query is refused with GRANT_REQUIRED', async () => {
    const counts = await inject(
      'GET',
      `/api/v1/venues/${venue.id}/counts?from=${p.clock.now() - DAY}&to=${p.clock.now() + 1}&bucket=day`,
      dispatcher.headers,
    );
    expect(counts.statusCode, counts.body).toBe(200);
    expect(counts.json()).toMatchObject({ overall: { total: 12 }, smallestShown: 5 });
    const res = await inject('GET', query(ids.caseA!, `venueId=${venue.id}`), dispatcher.headers);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'GRANT_REQUIRED' });
  });

  it('with a grant naming case A: answers for case A with pseudonyms, not for case B, not outside its district', async () => {
    await inject('POST', `/api/v1/checkin/${pudongVenue.code}`, {}, { personKey: 'hc-key-case-a-0001', healthStatus: 'green' });
    const g = await grantFor(ids.caseA!, '310101');
    const res = await inject('GET', query(ids.caseA!, `venueId=${venue.id}`), investigator.headers);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ grantId: string; records: Array<{ person: string }>; persons: number }>();
    expect(body.grantId).toBe(g.id);
    expect(body.records).toHaveLength(12);
    expect(body.persons).toBe(3);
    expect(res.body).not.toContain('hc-key');

    expect((await inject('GET', query(ids.caseB!, `venueId=${venue.id}`), investigator.headers)).json()).toMatchObject({
      code: 'GRANT_REQUIRED',
    });
    expect((await inject('GET', query(ids.caseA!, `venueId=${pudongVenue.id}`), investigator.headers)).json()).toMatchObject({
      code: 'GRANT_REQUIRED',
    });
    // By person: within the grant's district only, though the person also checked in in Pudong.
    const huangpu = p.geo.getByCode('310101')!.id;
    const person = await inject('GET', query(ids.caseA!, `personKey=hc-key-case-a-0001&jurisdiction=${huangpu}`), investigator.headers);
    expect(person.statusCode, person.body).toBe(200);
    expect(person.json<{ records: Array<{ venueId: string }> }>().records.map((r) => r.venueId)).toEqual([venue.id]);
  });

  it('every query, answered or refused, is in the audit log with purpose and grant', async () => {
    const entries = await p.audit.search({ action: 'checkin.query', scopePath: '/', withoutPath: true, limit: 50 });
    expect(entries.filter((e) => e.outcome === 'ok')).toHaveLength(2);
    expect(entries.filter((e) => e.outcome === 'denied').length).toBeGreaterThanOrEqual(3);
    const ok = entries.find((e) => e.outcome === 'ok' && e.subjectKind === 'venue')!;
    expect(ok).toMatchObject({ actorId: investigator.actor.userId, purpose: 'epidemic_investigation', subjectId: venue.id });
    expect(ok.grantId).not.toBeNull();
    expect(JSON.parse(ok.detail)).toMatchObject({ caseId: ids.caseA, records: 12, persons: 3 });
    expect(entries.map((e) => e.detail).join()).not.toContain('hc-key');
    expect((await p.audit.verify()).ok).toBe(true);
  });

  it('an expired grant answers nothing', async () => {
    await grantFor(ids.caseB!, '310101', DAY);
    expect((await inject('GET', query(ids.caseB!, `venueId=${venue.id}`), investigator.headers)).statusCode).toBe(200);
    p.clock.advance(DAY + 1);
    expect((await inject('GET', query(ids.caseB!, `venueId=${venue.id}`), investigator.headers)).json()).toMatchObject({
      code: 'GRANT_REQUIRED',
    });
  });
});

describe('retention', () => {
  it('28 days on, the purge removes the records and writes its audit entry', async () => {
    const before = await p.checkin.purgeExpired();
    expect(before.deleted).toBe(0);
    p.clock.advance(28 * DAY);
    const r = await p.checkin.purgeExpired();
    expect(r.deleted).toBe(13); // 12 at the venue in Huangpu, 1 in Pudong
    const counts = await inject(
      'GET',
      `/api/v1/venues/${venue.id}/counts?from=${p.clock.now() - 30 * DAY}&to=${p.clock.now()}`,
      dispatcher.headers,
    );
    expect(counts.json()).toMatchObject({ buckets: [], overall: { total: null } });
    const purges = await p.audit.search({ action: 'checkin.purge', scopePath: '/', withoutPath: true, limit: 10 });
    expect(purges).toHaveLength(1);
    expect(purges[0]).toMatchObject({ actorKind: 'system', actorName: 'checkin-retention', subjectKind: 'checkins' });
    expect(JSON.parse(purges[0]!.detail)).toMatchObject({ count: 13, cutoff: r.cutoff, retentionDays: 28 });
  });
});
