/**
 * Imports, exports and storage of base records over HTTP, on the suite's database (SQLite, or
 * PostgreSQL with DATABASE_URL): a department's token imports a CSV with a row-by-row report;
 * re-imports update by natural key; a row is stored whole or not at all; oversized imports are
 * refused; protected fields are sealed in the database; exports are masked without a
 * bulk_export grant, keep core fields masked with one, and neutralize spreadsheet formulas.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { MAX_IMPORT_ROWS } from '../../src/registry/import-file.ts';
import { BUND, NANJING_1, NANJING_2, PUDONG, send, syntheticId, userAt, type TestUser } from './support.ts';

let p: TestPlatform;
let token: Record<string, string>; // a 黄浦区 water department's machine token (a handler account)
let lead: TestUser;
let admin: TestUser;

const CSV_HEADER = '居委会,姓名,身份证号,手机号,标签,紧急联系人,紧急联系人电话,居住地址';
/** The same number with a wrong check character. */
const wrongCheck = (id: string) => id.slice(0, 17) + (id.endsWith('9') ? '8' : '9');
const csv = (...rows: string[]) => `\uFEFF${[CSV_HEADER, ...rows].join('\n')}\n`;
const importCsv = (kind: string, body: string, headers = token) =>
  p.app.inject({
    method: 'POST',
    url: `/api/v1/registry/${kind}/import`,
    headers: { ...headers, 'content-type': 'text/csv' },
    payload: body,
  });

beforeAll(async () => {
  p = await startTestPlatform();
  // These tests count records: start from an empty registry (the demo population lives in these streets).
  await p.database.db.deleteFrom('registry_records').execute();
  const dept = await userAt(p, ['handler'], '310101', 'D-310101-water');
  token = { authorization: `Bearer ${(await p.auth.createToken(dept.id, 'civil-affairs-feed', null)).token}` };
  lead = await userAt(p, ['shift_lead'], '310101');
  admin = await userAt(p, ['admin'], '310000');
});
afterAll(async () => p?.dispose());

describe('import', () => {
  it('a department token imports a CSV with Chinese headers; the report names every refused row, field and reason', async () => {
    const res = await importCsv(
      'person',
      csv(
        `${NANJING_1},孙八,${syntheticId(10)},13811110010,elderly_alone;disability,孙小八,13911110010,云南中路10号`,
        `${NANJING_1},周九,${wrongCheck(syntheticId(11))},13811110011,,,,`,
        `310101002999,吴十,${syntheticId(12)},13811110012,,,,`,
        `${NANJING_2},郑一,${syntheticId(13)},12345,unknown_tag,,,`,
        `${NANJING_2},,${syntheticId(14)},,,,,`,
        `${NANJING_1},孙八重复,${syntheticId(10)},,,,,`,
        `${PUDONG},冯二,${syntheticId(15)},,,,,`,
        `${BUND},陈三,${syntheticId(16)},13811110016,,,,`,
      ),
    );
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<{
      accepted: number;
      updated: number;
      rejectedRows: number;
      rejected: Array<{ row: number; field: string; message: string }>;
    }>();
    expect(report).toMatchObject({ total: 8, accepted: 2, updated: 0, rejectedRows: 6 });
    const problems = report.rejected.map((r) => `${r.row}:${r.field}`);
    expect(problems).toEqual(
      expect.arrayContaining(['1:idNumber', '2:community', '3:phone', '3:tags.0', '4:name', '5:row', '6:community']),
    );
    expect(report.rejected.find((r) => r.row === 1)!.message).toMatch(/check character/);
    expect(report.rejected.find((r) => r.row === 6)!.message).toMatch(/outside your jurisdiction/);
    // The report never echoes personal data.
    expect(res.body).not.toContain('周九');
  });

  it('importing again updates by the ID number’s keyed hash instead of adding a second person', async () => {
    const res = await importCsv(
      'person',
      csv(`${NANJING_1},孙八,${syntheticId(10).toLowerCase()},13811119999,elderly_alone,,,云南中路12号`),
    );
    expect(res.json()).toMatchObject({ accepted: 0, updated: 1, rejectedRows: 0 });
    const rows = await p.database.db.selectFrom('registry_records').select('id').where('kind', '=', 'person').execute();
    expect(rows).toHaveLength(2);
  });

  it('a housing row is stored whole or not at all: an unknown resident refuses the row', async () => {
    const body = [
      {
        community: NANJING_1,
        building: `${NANJING_1}-B01`,
        unit: '1',
        room: '101',
        ownerName: '孙八',
        residentIdNumbers: [syntheticId(10)],
        tags: 'old_building',
      },
      {
        community: NANJING_1,
        building: `${NANJING_1}-B01`,
        unit: '1',
        room: '102',
        residentIdNumbers: `${syntheticId(10)};${syntheticId(99)}`,
      },
    ];
    const res = await send(p, admin, 'POST', '/api/v1/registry/housing/import', body);
    expect(res.json()).toMatchObject({ accepted: 1, rejectedRows: 1, rejected: [{ row: 1, field: 'residentIdNumbers.1' }] });
    const housing = await p.database.db.selectFrom('registry_records').select('natural_key').where('kind', '=', 'housing').execute();
    expect(housing.map((h) => h.natural_key)).toEqual([`${NANJING_1}-B01|1|101`]);
    const elderly = await p.registry.elderlyAlone(p.geo.getByCode('310101')!.path);
    expect(elderly).toHaveLength(1);
    expect(elderly[0]).toMatchObject({ building: `${NANJING_1}-B01`, unit: '1', room: '101' });
  });

  it('refuses an oversized import with a 413 problem, and a broken file with the column named, importing nothing', async () => {
    const tooMany = await send(p, admin, 'POST', '/api/v1/registry/person/import', {
      records: Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => ({})),
    });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toMatchObject({ code: 'TOO_MANY_ROWS', field: 'body' });
    const unknown = await importCsv('person', '居委会,姓名,身份证号,血型\n310101002001,甲,11010519491231002X,A\n');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_COLUMN', field: 'header.血型' });
  });

  it('stores sensitive and core fields sealed: the database holds no clear name, phone or ID number', async () => {
    const rows = await p.database.db.selectFrom('registry_records').selectAll().where('kind', '=', 'person').execute();
    const everything = JSON.stringify(rows);
    for (const clear of ['孙八', '13811119999', syntheticId(10), '孙小八', '13911110010', '陈三', syntheticId(16)])
      expect(everything).not.toContain(clear);
    const sealed = rows.map((r) => r.sealed_fields);
    for (const v of sealed) expect(v).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/);
    expect(new Set(sealed).size).toBe(sealed.length);
    for (const r of rows) expect(r.natural_key).toMatch(/^[0-9a-f]{64}$/);
    // The internal address stays in clear for the community worker's visit.
    expect(everything).toContain('云南中路12号');
  });
});

describe('export', () => {
  it('is masked without a bulk_export grant, audited with the count, and neutralizes formulas', async () => {
    await send(p, admin, 'POST', '/api/v1/registry/person/import', [
      { community: NANJING_2, name: '公式', idNumber: syntheticId(20), address: "=cmd|' /C calc'!A0", tags: [] },
      { community: NANJING_2, name: '@加号', idNumber: syntheticId(21), address: '+1+1', householdAddress: '-2+3' },
    ]);
    const res = await send(p, lead, 'GET', `/api/v1/registry/person/export?format=csv&jurisdiction=${p.geo.getByCode('310101002')!.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-cityops-masked']).toBe('true');
    const text = res.body;
    expect(text).toContain('孙*');
    expect(text).not.toContain('孙八');
    expect(text).toContain(`'=cmd|' /C calc'!A0`);
    expect(text).toContain("'+1+1");
    for (const line of text.split('\r\n').slice(1)) for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const log = await p.audit.search({ action: 'registry.export', actor: lead.id, scopePath: '/', withoutPath: true, limit: 10 });
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0]!.detail)).toMatchObject({ count: 3, masked: true, format: 'csv' });
  });

  it('under a bulk_export grant reveals sensitive fields but keeps core ones masked; XLSX cells are neutralized too', async () => {
    const street = p.geo.getByCode('310101002')!;
    const req = await send(p, lead, 'POST', '/api/v1/grants', {
      purpose: 'bulk_export',
      scope: { kind: 'jurisdiction', subjectKind: 'person', jurisdictionId: street.id },
      reason: '街道独居老人名册报送',
      validUntil: p.clock.now() + 3_600_000,
    });
    expect(req.statusCode, req.body).toBe(201);
    const grantId = req.json<{ id: string }>().id;
    expect((await send(p, admin, 'POST', `/api/v1/grants/${grantId}/approve`, {})).statusCode).toBe(200);
    const res = await send(p, lead, 'GET', `/api/v1/registry/person/export?format=xlsx&jurisdiction=${street.id}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells = wb.worksheets[0]!.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : []));
    expect(cells).toContain('孙八');
    expect(cells).not.toContain(syntheticId(10));
    expect(cells).toContain(`${syntheticId(10).slice(0, 3)}***********${syntheticId(10).slice(-4)}`);
    expect(cells).toContain(`'=cmd|' /C calc'!A0`);
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
    const log = await p.audit.search({ action: 'registry.export', actor: lead.id, scopePath: '/', withoutPath: true, limit: 10 });
    expect(log[0]).toMatchObject({ purpose: 'bulk_export', grantId });
    // The grant covers its street, not the district.
    const district = await send(p, lead, 'GET', `/api/v1/registry/person/export?format=csv&jurisdiction=${p.geo.getByCode('310101')!.id}`);
    expect(district.headers['x-cityops-masked']).toBe('true');
  });
});
