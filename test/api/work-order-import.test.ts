/**
 * `POST /api/v1/cases/import` on the demo city: a CSV with Chinese headers and a JSON file of
 * 12345 work orders; good rows become cases filed and dispatched by the matrix, bad rows (unknown
 * category, missing latitude, outside the city, outside the caller's scope) are refused with
 * their field while the rest are stored; a re-import finds the same cases; a broken file is one
 * 400 and stores nothing; only intake, admins and the hotline's machine token may import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/directory/demo-directory.ts';
import { SYSTEM_ACTOR } from '../../src/cases/command-service.ts';
import type { WorkOrderImportReport } from '../../src/cases/work-order-import.ts';
import { signIn, startTestPlatform, type TestPlatform, type TestSession } from '../support/platform.ts';

let p: TestPlatform;
const s: Record<string, TestSession> = {};
let gateway: Record<string, string>;
let huangpu: TestSession;
let nanjing: [number, number];
let pudong: [number, number];

beforeAll(async () => {
  p = await startTestPlatform();
  for (const u of ['intake', 'admin', 'dispatcher', 'handler']) s[u] = await signIn(p, u, DEMO_PASSWORD);
  const city = p.geo.getByCode('310000')!;
  const gatewayUser = (await p.directory.listUsers(city.path)).find((u) => u.username === 'gateway')!;
  gateway = { authorization: `Bearer ${(await p.auth.createToken(gatewayUser.id, '12345 热线', null)).token}` };
  await p.directory.createUser({
    username: 'intake_huangpu',
    displayName: '黄浦受理员',
    password: DEMO_PASSWORD,
    roles: ['intake'],
    jurisdictionId: p.geo.getByCode('310101')!.id,
  });
  huangpu = await signIn(p, 'intake_huangpu', DEMO_PASSWORD);
  nanjing = p.geo.getByCode('310101002')!.center;
  pudong = p.geo.getByCode('310115')!.center;
}, 120_000);
afterAll(async () => p?.dispose());

function importCsv(csv: string, headers: Record<string, string> = s.intake!.headers) {
  return p.app.inject({ method: 'POST', url: '/api/v1/cases/import', headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
}
function importJson(body: unknown, headers: Record<string, string> = s.intake!.headers) {
  return p.app.inject({ method: 'POST', url: '/api/v1/cases/import', headers, payload: body as object });
}
async function importedCount(): Promise<number> {
  return (await p.cases.list({ source: 'import', limit: 500 }, SYSTEM_ACTOR)).items.length;
}

describe('importing 12345 work orders', () => {
  const [lon, lat] = [() => nanjing[0], () => nanjing[1]];
  const csv = () =>
    '\uFEFF工单编号,类别,紧急程度,诉求内容,经度,纬度,坐标系,地址,来电人,联系电话,受理时间\n' +
    `SH-0001,E0102,一般,小区门口垃圾堆放,${lon()},${lat()},wgs84,南京东路 1 号,王女士,13812345678,2026-11-27T09:30:00+08:00\n` +
    `SH-0002,E0401,紧急,"路口积水, 车辆难行",${lon()},${lat()},,,,,\n` +
    `SH-0003,E0999,一般,类别不存在,${lon()},${lat()},,,,,\n` +
    `SH-0004,E0101,一般,缺少纬度,${lon()},,,,,,\n` +
    'SH-0005,E0101,一般,不在本市,100.0,30.0,,,,,\n';

  let first: WorkOrderImportReport;

  it('stores and dispatches the good rows of a CSV with Chinese headers and refuses the bad ones by field', async () => {
    const res = await importCsv(csv());
    expect(res.statusCode, res.body).toBe(200);
    first = res.json<WorkOrderImportReport>();
    expect(first).toMatchObject({ total: 5, accepted: 2, existing: 0, rejectedRows: 3 });
    expect(first.rejected).toEqual([
      { row: 2, field: 'category', message: expect.stringMatching(/unknown small class code "E0999"/) },
      { row: 3, field: 'lat', message: 'required' },
      { row: 4, field: 'location', message: 'outside every jurisdiction of the city' },
    ]);
    expect(first.cases.map((c) => [c.row, c.state, c.existing])).toEqual([
      [0, 'dispatched', false],
      [1, 'dispatched', false],
    ]);

    const garbage = await p.cases.get(first.cases[0]!.caseId, SYSTEM_ACTOR);
    expect(garbage).toMatchObject({ source: 'import', sourceRef: '12345:SH-0001', category: 'E0102', urgency: 'normal' });
    expect(garbage.unitId).not.toBeNull();
    expect(garbage.code).toBe(first.cases[0]!.code);
    expect(garbage.description).toBe('小区门口垃圾堆放\n[12345 受理时间 received 2026-11-27T09:30:00+08:00]');
    expect(garbage.location).toMatchObject({ address: '南京东路 1 号' });
    const water = await p.cases.get(first.cases[1]!.caseId, SYSTEM_ACTOR);
    expect(water).toMatchObject({ sourceRef: '12345:SH-0002', urgency: 'urgent', description: '路口积水, 车辆难行' });
    const timeline = await p.cases.timeline(garbage.id, SYSTEM_ACTOR);
    expect(timeline.map((e) => e.type)).toEqual(['reported', 'filed', 'dispatched']);
    const reporter = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${garbage.id}/reporter`, headers: s.intake!.headers });
    expect(reporter.json()).toEqual({ name: '王**', phone: '138****5678', email: null });
    expect(await importedCount()).toBe(2);
  });

  it('finds the same cases when the file is imported again', async () => {
    const res = await importCsv(csv());
    expect(res.statusCode, res.body).toBe(200);
    const again = res.json<WorkOrderImportReport>();
    expect(again).toMatchObject({ total: 5, accepted: 0, existing: 2, rejectedRows: 3 });
    expect(again.cases.map((c) => [c.caseId, c.existing])).toEqual(first.cases.map((c) => [c.caseId, true]));
    expect(await importedCount()).toBe(2);
  });

  it('takes JSON — {"workOrders": [...]} or an array, English or Chinese keys — from the hotline’s machine token', async () => {
    const wrapped = await importJson(
      {
        workOrders: [
          { ref: 'SH-0101', category: 'E0103', urgency: 'high', description: '渣土堆积', lon: nanjing[0], lat: nanjing[1] },
          { 工单编号: 20261127000102, 类别: 'e0101', 诉求内容: '违章搭建', 经度: String(nanjing[0]), 纬度: String(nanjing[1]) },
          { ref: 'SH-0103', category: 'E0103', description: '坐标不是数字', lon: 'east', lat: nanjing[1] },
        ],
      },
      gateway,
    );
    expect(wrapped.statusCode, wrapped.body).toBe(200);
    const report = wrapped.json<WorkOrderImportReport>();
    expect(report).toMatchObject({ total: 3, accepted: 2, existing: 0, rejectedRows: 1 });
    expect(report.rejected).toEqual([{ row: 2, field: 'lon', message: 'not a number: "east"' }]);
    expect(report.cases.every((c) => c.state === 'dispatched')).toBe(true);
    const second = await p.cases.get(report.cases[1]!.caseId, SYSTEM_ACTOR);
    expect(second).toMatchObject({ sourceRef: '12345:20261127000102', category: 'E0101' });

    const array = await importJson([{ ref: 'SH-0101', category: 'E0103', description: '渣土堆积', lon: nanjing[0], lat: nanjing[1] }]);
    expect(array.json<WorkOrderImportReport>()).toMatchObject({ total: 1, accepted: 0, existing: 1, rejectedRows: 0 });
    expect(array.json<WorkOrderImportReport>().cases[0]?.caseId).toBe(report.cases[0]?.caseId);
  });

  it('refuses rows outside the caller’s scope, and a number already used outside it, row by row', async () => {
    const city = await importJson(
      [{ ref: 'SH-0201', category: 'E0102', description: '浦东的工单', lon: pudong[0], lat: pudong[1] }],
      s.admin!.headers,
    );
    expect(city.json<WorkOrderImportReport>()).toMatchObject({ accepted: 1 });

    const res = await importJson(
      [
        { ref: 'SH-0202', category: 'E0402', description: '黄浦的工单', lon: nanjing[0], lat: nanjing[1] },
        { ref: 'SH-0203', category: 'E0102', description: '浦东的工单', lon: pudong[0], lat: pudong[1] },
        { ref: 'SH-0201', category: 'E0102', description: '号码已在浦东使用', lon: nanjing[0], lat: nanjing[1] },
        { ref: 'SH-0202', category: 'E0402', description: '同一文件内重复', lon: nanjing[0], lat: nanjing[1] },
      ],
      huangpu.headers,
    );
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<WorkOrderImportReport>();
    expect(report).toMatchObject({ total: 4, accepted: 1, existing: 0, rejectedRows: 3 });
    expect(report.rejected).toEqual([
      { row: 1, field: 'location', message: 'outside your jurisdiction: not imported' },
      { row: 2, field: 'ref', message: 'this work-order number is already a case outside your jurisdiction' },
      { row: 3, field: 'ref', message: 'repeated in this file (row 0)' },
    ]);
  });

  it('answers a broken file with one 400 naming the problem, and stores nothing', async () => {
    const before = await importedCount();
    const cases: Array<[string, () => Promise<{ statusCode: number; json(): unknown }>, string, RegExp]> = [
      ['no 纬度 column', () => importCsv(`工单编号,类别,诉求内容,经度\nSH-0301,E0102,x,${lon()}\n`), 'MISSING_COLUMN', /"lat" \(纬度\)/],
      ['an unknown column', () => importCsv(`ref,category,description,lon,lat,备注\n`), 'UNKNOWN_COLUMN', /"备注"/],
      [
        'a column twice',
        () => importCsv(`ref,工单编号,category,description,lon,lat\n`),
        'DUPLICATE_COLUMN',
        /ref \(工单编号\) appears twice/,
      ],
      ['an unclosed quote', () => importCsv(`ref,category,description,lon,lat\nSH-0302,E0102,"x,1,2\n`), 'INVALID_CSV', /not valid CSV/],
      ['a ragged row', () => importCsv(`ref,category,description,lon,lat\nSH-0303,E0102,x,1\n`), 'INVALID_CSV', /not valid CSV/],
      ['an empty body', () => importCsv(''), 'INVALID_CSV', /no header row/],
      ['JSON without workOrders', () => importJson({ orders: [] }), 'VALIDATION_FAILED', /body/],
      [
        'a JSON string',
        () =>
          p.app.inject({
            method: 'POST',
            url: '/api/v1/cases/import',
            headers: { ...s.intake!.headers, 'content-type': 'application/json' },
            payload: JSON.stringify('ref,category'),
          }),
        'VALIDATION_FAILED',
        /expected an array of work orders/,
      ],
    ];
    for (const [name, send, code, detail] of cases) {
      const res = await send();
      expect(res.statusCode, name).toBe(400);
      const problem = res.json() as { code: string; detail: string };
      expect(problem.code, name).toBe(code);
      expect(problem.detail, name).toMatch(detail);
    }
    expect(await importedCount()).toBe(before);
  });

  it('admits intake, admins and gateways only', async () => {
    const row = [{ ref: 'SH-0401', category: 'E0102', description: 'x', lon: nanjing[0], lat: nanjing[1] }];
    for (const role of ['dispatcher', 'handler']) expect((await importJson(row, s[role]!.headers)).statusCode, role).toBe(403);
    expect((await importJson(row, {})).statusCode).toBe(401);
    expect(
      await p.cases.list({ source: 'import', limit: 500 }, SYSTEM_ACTOR).then((l) => l.items.some((c) => c.sourceRef === '12345:SH-0401')),
    ).toBe(false);
  });
});
