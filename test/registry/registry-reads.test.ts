/**
 * Scoped, masked, granted and audited reads over HTTP, on the suite's database (SQLite, or
 * PostgreSQL with DATABASE_URL): a street's community worker sees only that street's residents,
 * masked; a grant reveals exactly its records until it expires, is revoked, or was never theirs;
 * an id outside the scope is the same 404 as no id at all; every record answered is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { CLI_ACTOR } from '../../src/registry/actor.ts';
import { BUND, NANJING_1, NANJING_2, PUDONG, recordsGrant, send, syntheticId, userAt, type TestUser } from './support.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let p: TestPlatform;
let worker: TestUser; // community worker of 南京东路街道
let otherWorker: TestUser; // another worker of 南京东路街道
let lead: TestUser; // shift lead of 黄浦区
const ids = { zhang: '', li: '', wang: '', bund: '', pudong: '' };

interface View {
  id: string;
  fields: Record<string, string | string[] | null>;
  masked: string[];
  grantId: string | null;
  jurisdictionPath: string;
}

beforeAll(async () => {
  p = await startTestPlatform();
  // These tests count records: start from an empty registry (the demo population lives in these streets).
  await p.database.db.deleteFrom('registry_records').execute();
  const people = [
    {
      community: NANJING_1,
      name: '张三丰',
      idNumber: syntheticId(1),
      phone: '13812345678',
      tags: 'elderly_alone',
      emergencyContactName: '张小明',
      emergencyContactPhone: '13900001111',
      householdAddress: '上海市黄浦区云南中路1号',
    },
    { community: NANJING_1, name: '李四', idNumber: syntheticId(2), phone: '13812340002' },
    { community: NANJING_2, name: '王五', idNumber: syntheticId(3), phone: '13812340003' },
    { community: BUND, name: '赵六', idNumber: syntheticId(4), phone: '13812340004' },
    { community: PUDONG, name: '钱七', idNumber: syntheticId(5), phone: '13812340005' },
  ];
  const report = await p.registry.import('person', people, CLI_ACTOR);
  expect(report.accepted).toBe(5);
  const id = (row: number) => report.records.find((r) => r.row === row)!.id;
  Object.assign(ids, { zhang: id(0), li: id(1), wang: id(2), bund: id(3), pudong: id(4) });
  worker = await userAt(p, ['community_worker'], '310101002');
  otherWorker = await userAt(p, ['community_worker'], '310101002');
  lead = await userAt(p, ['shift_lead'], '310101');
});
afterAll(async () => p?.dispose());

const get = (u: TestUser, id: string, query = '') => send(p, u, 'GET', `/api/v1/registry/person/${id}${query}`);
const list = async (u: TestUser, query = '') => {
  const res = await send(p, u, 'GET', `/api/v1/registry/person${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: View[]; nextCursor: string | null }>();
};
const reads = async (subjectId: string) =>
  p.audit.search({ action: 'registry.read', subjectId, scopePath: '/', withoutPath: true, limit: 1000 });

/** Requests a grant as `who` for records, and has the district's shift lead approve it. */
async function approvedGrant(who: TestUser, recordIds: string[], validForMs = 20 * MINUTE): Promise<string> {
  const req = await send(p, who, 'POST', '/api/v1/grants', recordsGrant(recordIds, p.clock.now() + validForMs));
  expect(req.statusCode, req.body).toBe(201);
  const id = req.json<{ id: string }>().id;
  const ok = await send(p, lead, 'POST', `/api/v1/grants/${id}/approve`, {});
  expect(ok.statusCode, ok.body).toBe(200);
  return id;
}

describe('scope and masking', () => {
  it('a street worker lists only their street’s residents, every protected field masked', async () => {
    const page = await list(worker);
    expect(page.items.map((v) => v.id).sort()).toEqual([ids.zhang, ids.li, ids.wang].sort());
    const zhang = page.items.find((v) => v.id === ids.zhang)!;
    expect(zhang.fields).toMatchObject({
      name: '张**',
      idNumber: `310***********${syntheticId(1).slice(-4)}`,
      phone: '138****5678',
      emergencyContactName: '张**',
      emergencyContactPhone: '139****1111',
      householdAddress: '上海市黄浦区****',
    });
    expect(zhang.masked.sort()).toEqual(['emergencyContactName', 'emergencyContactPhone', 'householdAddress', 'idNumber', 'name', 'phone']);
    expect(zhang.grantId).toBeNull();
  });

  it('filters by community and tag, and pages with a cursor', async () => {
    expect((await list(worker, `?community=${NANJING_2}`)).items.map((v) => v.id)).toEqual([ids.wang]);
    expect((await list(worker, '?tag=elderly_alone')).items.map((v) => v.id)).toEqual([ids.zhang]);
    const first = await list(worker, '?limit=2');
    expect(first.items).toHaveLength(2);
    const second = await list(worker, `?limit=2&cursor=${first.nextCursor!}`);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((v) => v.id)).size).toBe(3);
  });

  it('a jurisdiction filter outside the caller’s scope is refused', async () => {
    const res = await send(p, worker, 'GET', `/api/v1/registry/person?jurisdiction=${p.geo.getByCode('310101013')!.id}`);
    expect(res.statusCode).toBe(403);
  });

  it('IDOR: a record outside the scope is the same 404 as one that does not exist, and the attempt is audited', async () => {
    const outside = await get(worker, ids.bund);
    const missing = await get(worker, '0190a0a0-0000-7000-8000-000000000000');
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
    expect(strip(outside.json())).toEqual(strip(missing.json()));
    expect(outside.body).not.toContain('赵');
    const denied = await reads(ids.bund);
    expect(denied.some((e) => e.outcome === 'denied' && e.actorId === worker.id)).toBe(true);
    // Asking for a person's id as another kind does not find it either.
    expect((await send(p, worker, 'GET', `/api/v1/registry/entity/${ids.zhang}`)).statusCode).toBe(404);
  });

  it('every record answered, listed or alone, is one audit entry with purpose, grant and masking', async () => {
    const before = (await reads(ids.li)).length;
    await list(worker, `?community=${NANJING_1}&purpose=welfare_visit`);
    await get(worker, ids.li);
    const entries = (await reads(ids.li)).slice(0, (await reads(ids.li)).length - before);
    expect(entries).toHaveLength(2);
    for (const e of entries) {
      expect(e).toMatchObject({ actorId: worker.id, subjectKind: 'person', grantId: null, outcome: 'ok' });
      expect(JSON.parse(e.detail)).toMatchObject({ masked: true });
      expect(e.detail).not.toContain('李');
    }
    expect(entries.map((e) => e.purpose).sort()).toEqual([null, 'welfare_visit'].sort());
  });
});

describe('purpose grants', () => {
  it('reveal exactly the granted records for the named purpose until the grant ends, and nothing after', async () => {
    const grantId = await approvedGrant(worker, [ids.zhang]);
    const granted = (await get(worker, ids.zhang, '?purpose=welfare_visit')).json<View>();
    expect(granted.fields).toMatchObject({ name: '张三丰', idNumber: syntheticId(1), emergencyContactPhone: '13900001111' });
    expect(granted).toMatchObject({ masked: [], grantId });
    // The same record without naming the purpose, or for another purpose, stays masked.
    expect((await get(worker, ids.zhang)).json<View>().fields.name).toBe('张**');
    expect((await get(worker, ids.zhang, '?purpose=case_handling')).json<View>().fields.name).toBe('张**');
    // Another record of the same street is not in the grant.
    expect((await get(worker, ids.li, '?purpose=welfare_visit')).json<View>().fields.name).toBe('李*');
    const page = await list(worker, '?purpose=welfare_visit');
    expect(page.items.filter((v) => v.masked.length === 0).map((v) => v.id)).toEqual([ids.zhang]);
    const audited = (await reads(ids.zhang))[0]!;
    expect(audited).toMatchObject({ purpose: 'welfare_visit', grantId });
    expect(JSON.parse(audited.detail)).toMatchObject({ masked: false });

    // Sessions end after 30 idle minutes: the grant ends sooner.
    p.clock.advance(20 * MINUTE);
    const expired = (await get(worker, ids.zhang, '?purpose=welfare_visit')).json<View>();
    expect(expired).toMatchObject({ grantId: null });
    expect(expired.fields.name).toBe('张**');
  });

  it('a revoked grant reveals nothing', async () => {
    const grantId = await approvedGrant(worker, [ids.li]);
    expect((await get(worker, ids.li, '?purpose=welfare_visit')).json<View>().fields.name).toBe('李四');
    expect((await send(p, lead, 'POST', `/api/v1/grants/${grantId}/revoke`, { note: '走访完成' })).statusCode).toBe(200);
    expect((await get(worker, ids.li, '?purpose=welfare_visit')).json<View>().fields.name).toBe('李*');
  });

  it('someone else’s grant, a denied one and a forged purpose reveal nothing', async () => {
    await approvedGrant(otherWorker, [ids.wang]);
    expect((await get(otherWorker, ids.wang, '?purpose=welfare_visit')).json<View>().fields.name).toBe('王五');
    expect((await get(worker, ids.wang, '?purpose=welfare_visit')).json<View>().fields.name).toBe('王*');
    const req = await send(p, worker, 'POST', '/api/v1/grants', recordsGrant([ids.wang], p.clock.now() + HOUR));
    const denied = await send(p, lead, 'POST', `/api/v1/grants/${req.json<{ id: string }>().id}/deny`, { note: '无走访任务' });
    expect(denied.json()).toMatchObject({ status: 'denied' });
    expect((await get(worker, ids.wang, '?purpose=welfare_visit')).json<View>().fields.name).toBe('王*');
    expect((await send(p, worker, 'GET', '/api/v1/registry/person/x?purpose=forged')).statusCode).toBe(400);
  });

  it('is decided by neither its grantee nor its requester, and only by deciders whose scope holds it', async () => {
    const own = await send(p, lead, 'POST', '/api/v1/grants', recordsGrant([ids.wang], p.clock.now() + HOUR));
    // A decision needs the password again once the sign-in is more than a few minutes old.
    p.clock.advance(10 * MINUTE);
    const stale = await send(p, lead, 'POST', `/api/v1/grants/${own.json<{ id: string }>().id}/approve`, {}, {}, { fresh: false });
    expect(stale.json()).toMatchObject({ status: 403, code: 'REAUTH_REQUIRED' });
    const self = await send(p, lead, 'POST', `/api/v1/grants/${own.json<{ id: string }>().id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ code: 'GRANT_SELF_DECISION' });
    const req = await send(p, worker, 'POST', '/api/v1/grants', recordsGrant([ids.wang], p.clock.now() + HOUR));
    const gid = req.json<{ id: string }>().id;
    expect((await send(p, otherWorker, 'POST', `/api/v1/grants/${gid}/approve`, {})).statusCode).toBe(403);
    const pudongLead = await userAt(p, ['shift_lead'], '310115');
    expect((await send(p, pudongLead, 'POST', `/api/v1/grants/${gid}/approve`, {})).statusCode).toBe(404);
    const queue = (await send(p, lead, 'GET', '/api/v1/grants?view=to_approve')).json<{ items: Array<{ id: string }> }>();
    expect(queue.items.map((g) => g.id)).toContain(gid);
    expect((await send(p, worker, 'GET', '/api/v1/grants')).json<{ items: Array<{ id: string }> }>().items.map((g) => g.id)).toContain(gid);
  });

  it('refuses grants without a case for case handling, beyond the purpose’s maximum, or over another jurisdiction', async () => {
    const noCase = await send(p, worker, 'POST', '/api/v1/grants', recordsGrant([ids.zhang], p.clock.now() + HOUR, 'case_handling'));
    expect(noCase.statusCode).toBe(400);
    expect(noCase.json()).toMatchObject({ field: 'body.caseId' });
    const unknownCase = await send(
      p,
      worker,
      'POST',
      '/api/v1/grants',
      recordsGrant([ids.zhang], p.clock.now() + HOUR, 'case_handling', 'no-such-case'),
    );
    expect(unknownCase.json()).toMatchObject({ field: 'body.caseId' });
    const tooLong = await send(p, worker, 'POST', '/api/v1/grants', recordsGrant([ids.zhang], p.clock.now() + 8 * 24 * HOUR));
    expect(tooLong.json()).toMatchObject({ field: 'body.validUntil' });
    const outside = await send(p, worker, 'POST', '/api/v1/grants', recordsGrant([ids.bund], p.clock.now() + HOUR));
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ field: 'body.scope.ids[0]' });
  });

  it('a handler sees only what a grant naming its case covers', async () => {
    const handler = await userAt(p, ['handler'], '310101', 'D-310101-water');
    expect((await list(handler)).items).toEqual([]);
    expect((await get(handler, ids.zhang)).statusCode).toBe(404);
    const [lon, lat] = p.geo.getByCode('310101002')!.center;
    const system = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };
    const c = await p.cases.report({ source: 'hotline', category: 'E0103', description: '高空抛物', location: { lon, lat } }, system);
    const req = await send(
      p,
      handler,
      'POST',
      '/api/v1/grants',
      recordsGrant([ids.zhang], p.clock.now() + HOUR, 'case_handling', c.case.id),
    );
    expect(req.statusCode, req.body).toBe(201);
    expect((await send(p, lead, 'POST', `/api/v1/grants/${req.json<{ id: string }>().id}/approve`, {})).statusCode).toBe(200);
    const q = `?purpose=case_handling&caseId=${c.case.id}`;
    expect((await list(handler, q)).items.map((v) => [v.id, v.fields.name])).toEqual([[ids.zhang, '张三丰']]);
    expect((await get(handler, ids.li, q)).statusCode).toBe(404);
    expect((await get(handler, ids.zhang, '?purpose=case_handling&caseId=other')).statusCode).toBe(404);
  });
});
