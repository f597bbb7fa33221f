/**
 * The elderly scenario joined up (issue 6, item 4), on the whole platform with a moved clock and
 * real storage of the suite's dialect: a water meter linked to a household whose resident is
 * tagged elderly living alone → 12 quiet hours → the demo aggregate rule fires → alert → a
 * welfare-visit case dispatched to the community's committee → the committee's worker sees the
 * name masked and the address, not the emergency contact → accepts → the task's grant reveals
 * the contact (the read audited with the grant) → records the outcome → the case is handled,
 * the grant ended, the contact masked again → verified and closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestPlatform, type TestPlatform, type TestSession } from '../support/platform.ts';
import { idNumberCheckChar } from '../../src/registry/id-number.ts';
import { housingKey } from '../../src/registry/record-model.ts';
import { committeeCode } from '../../src/directory/demo-directory.ts';
import type { CaseView } from '../../src/cases/query-service.ts';
import type { WelfareTaskView } from '../../src/welfare/service.ts';

const HOUR = 3_600_000;
const PASSWORD = 'Welfare-test-2026!';
const SYSTEM = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };
/** A synthetic ID number with a valid check character (never a real person's). */
const first17 = '31010119400101027';
const ID_NUMBER = first17 + idNumberCheckChar(first17);

let p: TestPlatform;
let gateway: Record<string, string>;
let worker: TestSession;
let stranger: TestSession;
let dispatcher: TestSession;
let personId: string;
let housingId: string;
let community: { id: string; path: string; center: [number, number] };

beforeAll(async () => {
  p = await startTestPlatform();
  const city = p.geo.getByCode('310000')!.path;
  const gatewayUser = (await p.directory.listUsers(city)).find((u) => u.username === 'gateway')!;
  gateway = { authorization: `Bearer ${(await p.auth.createToken(gatewayUser.id, 'welfare test gateway', null)).token}` };
  // The demo community worker belongs to the committee of a community of 南京东路街道.
  const demoWorker = (await p.directory.listUsers(city)).find((u) => u.username === 'community_worker')!;
  const committee = p.directory.getUnit(demoWorker.unitId!)!;
  const j = p.geo.get(committee.jurisdictionId)!;
  community = { id: j.id, path: j.path, center: j.center };
  // A community worker of another street (外滩街道), with a committee of their own.
  const bund = p.geo.getByCode('310101013001')!;
  await p.directory.createUser({
    username: 'worker_bund',
    displayName: 'worker_bund',
    password: PASSWORD,
    roles: ['community_worker'],
    jurisdictionId: p.geo.getByCode('310101013')!.id,
    unitId: p.directory.getUnitByCode(committeeCode(bund.code))!.id,
  });

  // The household: one resident tagged 独居老人, synthetic.
  personId = `welfare-person-${Date.now()}`;
  housingId = `welfare-housing-${Date.now()}`;
  const place = { communityId: community.id, jurisdictionPath: community.path, building: `${j.code}-B07` };
  await p.registry.seed([
    {
      id: personId,
      kind: 'person',
      naturalKey: p.registry.idHash(ID_NUMBER),
      ...place,
      tags: ['elderly_alone'],
      fields: {
        name: '王秀英',
        idNumber: ID_NUMBER,
        phone: '13800001111',
        householdAddress: '上海市黄浦区南京东路街道某路1弄',
        address: '南京东路街道 7号楼 2单元 601室',
        emergencyContactName: '李建国',
        emergencyContactPhone: '13900002222',
      },
    },
    {
      id: housingId,
      kind: 'housing',
      naturalKey: housingKey(place.building, '2', '601'),
      ...place,
      tags: [],
      fields: { unit: '2', room: '601', use: 'residential', ownerName: '王秀英', residentIds: [personId] },
    },
  ]);
  await p.sensing.createDevice(
    {
      id: 'wm-welfare-1',
      type: 'water_meter',
      lon: community.center[0],
      lat: community.center[1],
      tags: ['elderly_alone'],
      householdRef: housingId,
    },
    '/',
  );
});
afterAll(async () => p?.dispose());

async function post(values: Record<string, number>) {
  const payload = [{ deviceId: 'wm-welfare-1', ts: p.clock.now(), values }];
  const res = await p.app.inject({ method: 'POST', url: '/api/v1/readings', headers: gateway, payload });
  expect(res.statusCode, res.body).toBe(200);
}

async function advance(ms: number) {
  p.clock.advance(ms);
  await p.engine.tickAndPublish(p.clock.now());
}

const task = (s: TestSession, caseId: string, contact = false) =>
  p.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/welfare${contact ? '?contact=true' : ''}`, headers: s.headers });
const command = (s: TestSession, caseId: string, payload: object) =>
  p.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/commands`, headers: s.headers, payload });
const caseOf = async (id: string): Promise<CaseView> => p.cases.get(id, SYSTEM);

describe('the elderly scenario, from reading to recorded visit', () => {
  let caseId: string;
  let grantId: string;

  it('12 quiet hours at the meter → alert → a welfare-visit case dispatched to the committee, linked to the household', async () => {
    for (let h = 0; h < 24; h++) {
      await post({ volume_m3: h < 7 ? 0.001 : 0.02 });
      await advance(HOUR);
    }
    for (let h = 0; h < 13; h++) {
      await post({ volume_m3: 0 });
      await advance(HOUR);
    }
    await p.cases.idle();
    const cases = await p.cases.list({ category: 'E0602', source: 'alert' }, SYSTEM);
    expect(cases.items).toHaveLength(1);
    const c = cases.items[0]!;
    caseId = c.id;
    const demoWorker = (await p.directory.listUsers(p.geo.getByCode('310000')!.path)).find((u) => u.username === 'community_worker')!;
    expect(c).toMatchObject({ state: 'dispatched', unitId: demoWorker.unitId });
    expect(c.jurisdictionPath.startsWith(community.path)).toBe(true);
    const visit = await p.welfare.visitOf(caseId);
    expect(visit).toMatchObject({ housingId, personIds: [personId], status: 'open', outcome: null, linkReason: null, grantId: null });
    // Signed in now: 37 hours of moved clock would have ended earlier sessions.
    worker = await signIn(p, 'community_worker', p.accounts!.password);
    dispatcher = await signIn(p, 'dispatcher', p.accounts!.password);
    stranger = await signIn(p, 'worker_bund', PASSWORD);
  });

  it('a community worker of another street cannot see the task (404)', async () => {
    const res = await task(stranger, caseId);
    expect(res.statusCode, res.body).toBe(404);
  });

  it('the committee’s worker sees the name masked and the address, not the emergency contact', async () => {
    const res = await task(worker, caseId);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<WelfareTaskView>();
    expect(view.residents).toEqual([
      { personId, readable: true, name: '王**', address: '南京东路街道 7号楼 2单元 601室', emergencyContact: null },
    ]);
    expect(view.housing).toMatchObject({ housingId, unit: '2', room: '601' });
    expect(view.grant).toBeNull();
    expect(res.body).not.toContain('李建国');
    expect(res.body).not.toContain(ID_NUMBER);
    const refused = await task(worker, caseId, true);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'WELFARE_GRANT_REQUIRED' });
    expect(refused.body).not.toContain('13900002222');
  });

  it('accepting the task issues the worker a welfare-visit grant naming the case until its handling deadline', async () => {
    const res = await command(worker, caseId, { type: 'accept' });
    expect(res.statusCode, res.body).toBeLessThan(300);
    await p.cases.idle();
    const visit = (await p.welfare.visitOf(caseId))!;
    expect(visit.grantId).not.toBeNull();
    grantId = visit.grantId!;
    const c = await caseOf(caseId);
    const demoWorker = (await p.directory.listUsers(p.geo.getByCode('310000')!.path)).find((u) => u.username === 'community_worker')!;
    const grant = await p.registry.grants.find(
      { userId: demoWorker.id, purpose: 'welfare_visit', subjectKind: 'person', subjectId: personId, path: community.path, caseId },
      p.clock.now(),
    );
    expect(grant).toMatchObject({ id: grantId, caseId, status: 'approved', decidedBy: `system:policy:${visit.policyId}` });
    expect(grant!.validUntil).toBe(c.step!.dueAt);
    // Another case's read is not covered: the grant names this case.
    expect(
      await p.registry.grants.find(
        {
          userId: demoWorker.id,
          purpose: 'welfare_visit',
          subjectKind: 'person',
          subjectId: personId,
          path: community.path,
          caseId: 'other',
        },
        p.clock.now(),
      ),
    ).toBeNull();
  });

  it('under the grant the worker sees the emergency contact (the name stays masked), and the read is audited with the grant', async () => {
    const res = await task(worker, caseId, true);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<WelfareTaskView>();
    expect(view.grant?.id).toBe(grantId);
    expect(view.residents[0]).toMatchObject({ name: '王**', emergencyContact: { name: '李建国', phone: '13900002222' } });
    expect(res.body).not.toContain(ID_NUMBER);
    const reads = await p.audit.search({ action: 'registry.read', subjectId: personId, scopePath: '/', withoutPath: true, limit: 50 });
    expect(reads.some((e) => e.grantId === grantId && e.purpose === 'welfare_visit' && e.actorName === 'community_worker')).toBe(true);
    const issued = await p.audit.search({ action: 'grant.issue', scopePath: '/', withoutPath: true, limit: 10 });
    expect(issued.map((e) => e.subjectId)).toContain(grantId);
  });

  it('the outcome is recorded, the case handled by the worker, the grant ended and the contact masked again', async () => {
    const visitedAt = p.clock.now() - 10 * 60_000;
    const res = await p.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/welfare/outcome`,
      headers: worker.headers,
      payload: { outcome: 'visited_well', note: '老人身体无恙，水龙头坏了已报修', visitedAt },
    });
    expect(res.statusCode, res.body).toBe(201);
    await p.cases.idle();
    const c = await caseOf(caseId);
    expect(c.state).toBe('handled');
    const visit = (await p.welfare.visitOf(caseId))!;
    expect(visit).toMatchObject({ status: 'visited', outcome: 'visited_well', visitedAt, grantId: null });
    const timeline = await p.cases.timeline(caseId, SYSTEM);
    const handled = timeline.find((e) => e.type === 'handled')!;
    expect(handled.note ?? JSON.stringify(handled.after)).toContain('已探视，情况良好');
    const again = await task(worker, caseId, true);
    expect(again.statusCode, again.body).toBe(403);
    const plain = await task(worker, caseId);
    expect(plain.json<WelfareTaskView>()).toMatchObject({ grant: null, outcome: { outcome: 'visited_well', visitedAt } });
    const revoked = await p.audit.search({ action: 'grant.revoke', scopePath: '/', withoutPath: true, limit: 10 });
    expect(revoked.map((e) => e.subjectId)).toContain(grantId);
    const recorded = await p.audit.search({ action: 'welfare.outcome', scopePath: '/', withoutPath: true, limit: 10 });
    expect(recorded.map((e) => e.subjectId)).toContain(caseId);
    // A second outcome for the same visit is refused; the case is not handled twice.
    const twice = await p.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/welfare/outcome`,
      headers: worker.headers,
      payload: { outcome: 'needs_help', visitedAt },
    });
    expect(twice.statusCode, twice.body).toBe(409);
  });

  it('the centre verifies and closes the case; the visit is closed', async () => {
    const verify = await command(dispatcher, caseId, { type: 'verify', passed: true, note: '电话回访确认' });
    expect(verify.statusCode, verify.body).toBeLessThan(300);
    const close = await command(dispatcher, caseId, { type: 'close' });
    expect(close.statusCode, close.body).toBeLessThan(300);
    await p.cases.idle();
    expect((await caseOf(caseId)).state).toBe('closed');
    expect((await p.welfare.visitOf(caseId))?.status).toBe('closed');
  });
});
