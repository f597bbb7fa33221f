/**
 * The demo directory: Shanghai's three levels of operation centres (三级平台), the district
 * departments and city-wide asset owners that handle cases, the responsibility matrix by
 * department kind, and one demo user per role. Generated, purely, from the jurisdiction list so
 * it fits whatever city the geo generator produced. Unit codes are derived from jurisdiction
 * codes, so they are stable across runs and can be referred to from seeds and tests.
 */
import type { DepartmentKind } from './department-kinds.ts';
import type { Role } from './roles.ts';
import { ROLES } from './roles.ts';

/** Shanghai's division code, the city level of the demo. */
export const CITY_CODE = '310000';

/** The one password every demo user has; it passes the password policy. Demo only. */
export const DEMO_PASSWORD = 'Cityops-demo-2026';

/** The jurisdictions the directory is generated from. */
export interface DemoDirectoryInput {
  districts: readonly { code: string; name: string }[];
  streets: readonly { code: string; name: string; districtCode: string }[];
  /** Neighbourhood and village committees (居委会/村委会); each becomes a unit of its community. */
  communities?: readonly { code: string; name: string; streetCode: string }[];
}

/** An operation centre (城运中心) or a department (including asset owners and squads). */
export interface DirectoryUnit {
  /** Stable code, e.g. `C-310101`, `D-310101-water`, `S-310101002`, `O-telecom-ct`. */
  code: string;
  kind: 'centre' | 'department';
  /** Set for departments only. */
  departmentKind?: DepartmentKind;
  name: string;
  nameEn: string;
  jurisdictionCode: string;
}

/**
 * A responsibility by department kind, to be joined with the catalogue (which kind handles
 * each small class) into category entries. `'*'` stands for any category.
 */
export interface KindResponsibility {
  departmentKind: DepartmentKind | '*';
  jurisdictionCode: string;
  unitCode: string;
}

/** A demo account. The password is {@link DEMO_PASSWORD}; the caller hashes it. */
export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  jurisdictionCode: string;
  /** The unit the user works in: required for handlers, the centre for centre staff, else null. */
  unitCode: string | null;
  password: string;
}

/** Everything the demo directory consists of. */
export interface DemoDirectory {
  units: DirectoryUnit[];
  responsibilities: KindResponsibility[];
  users: DemoUser[];
}

/** The departments every district has, with the suffix that follows the district's name. */
const DISTRICT_DEPARTMENTS = [
  { kind: 'water', zh: '水务局', en: 'Water Affairs Bureau' },
  { kind: 'greening_sanitation', zh: '绿化和市容管理局', en: 'Greening and City Appearance Bureau' },
  { kind: 'housing', zh: '房屋管理局', en: 'Housing Administration Bureau' },
  { kind: 'enforcement', zh: '城管执法局', en: 'Urban Management Enforcement Bureau' },
  { kind: 'civil_affairs', zh: '民政局', en: 'Civil Affairs Bureau' },
  { kind: 'construction', zh: '建设和管理委员会', en: 'Construction and Management Commission' },
  { kind: 'police', zh: '公安分局', en: 'Public Security Sub-bureau' },
  { kind: 'transport', zh: '交通委员会', en: 'Transport Commission' },
  { kind: 'emergency', zh: '应急管理局', en: 'Emergency Management Bureau' },
  { kind: 'market', zh: '市场监督管理局', en: 'Market Supervision Administration' },
] as const satisfies readonly { kind: DepartmentKind; zh: string; en: string }[];

/**
 * City-wide asset owners (e.g. of manhole covers). Where two owners share a kind, the one marked
 * `byDefault` receives cases by kind; the other gets cases through the asset's recorded owner.
 */
const CITY_OWNERS = [
  { key: 'telecom-ct', kind: 'telecom', zh: '中国电信上海公司', en: 'China Telecom Shanghai', byDefault: true },
  { key: 'telecom-cm', kind: 'telecom', zh: '中国移动上海公司', en: 'China Mobile Shanghai', byDefault: false },
  { key: 'power-sgcc', kind: 'power', zh: '国网上海市电力公司', en: 'State Grid Shanghai Electric Power', byDefault: true },
  { key: 'gas-shgas', kind: 'gas', zh: '上海燃气集团', en: 'Shanghai Gas Group', byDefault: true },
  { key: 'water-supply-chengtou', kind: 'water_supply', zh: '上海城投水务集团', en: 'Shanghai Chengtou Water Group', byDefault: true },
] as const satisfies readonly { key: string; kind: DepartmentKind; zh: string; en: string; byDefault: boolean }[];

/** English district names; the input carries Chinese names only. */
const DISTRICT_EN: Readonly<Record<string, string>> = {
  '310101': 'Huangpu District',
  '310104': 'Xuhui District',
  '310105': 'Changning District',
  '310106': "Jing'an District",
  '310107': 'Putuo District',
  '310109': 'Hongkou District',
  '310110': 'Yangpu District',
  '310112': 'Minhang District',
  '310113': 'Baoshan District',
  '310114': 'Jiading District',
  '310115': 'Pudong New Area',
  '310116': 'Jinshan District',
  '310117': 'Songjiang District',
  '310118': 'Qingpu District',
  '310120': 'Fengxian District',
  '310151': 'Chongming District',
};

/** Where the demo users sit when the input has them: 黄浦区 and its 南京东路街道. */
const HOME_DISTRICT = '310101';
const HOME_STREET = '310101002';

/** Code of the operation centre at the city (`310000`) or a district. */
export function centreCode(jurisdictionCode: string): string {
  return `C-${jurisdictionCode}`;
}

/** Code of a street/town operation centre. */
export function streetCentreCode(streetCode: string): string {
  return `S-${streetCode}`;
}

/** Code of a department of a district or street, e.g. `D-310101-water`. */
export function departmentCode(jurisdictionCode: string, kind: DepartmentKind): string {
  return `D-${jurisdictionCode}-${kind}`;
}

function checkInput(input: DemoDirectoryInput): void {
  const seen = new Set<string>([CITY_CODE]);
  for (const j of [...input.districts, ...input.streets]) {
    if (seen.has(j.code)) throw new Error(`demo directory: jurisdiction code ${j.code} appears twice`);
    seen.add(j.code);
  }
  const districts = new Set(input.districts.map((d) => d.code));
  for (const s of input.streets) {
    if (!districts.has(s.districtCode)) throw new Error(`demo directory: street ${s.code} names unknown district ${s.districtCode}`);
  }
  const streets = new Set(input.streets.map((s) => s.code));
  for (const c of input.communities ?? []) {
    if (seen.has(c.code)) throw new Error(`demo directory: jurisdiction code ${c.code} appears twice`);
    seen.add(c.code);
    if (!streets.has(c.streetCode)) throw new Error(`demo directory: community ${c.code} names unknown street ${c.streetCode}`);
  }
}

function centre(code: string, name: string, nameEn: string, jurisdictionCode: string): DirectoryUnit {
  return { code, kind: 'centre', name, nameEn, jurisdictionCode };
}

function department(code: string, kind: DepartmentKind, name: string, nameEn: string, jurisdictionCode: string): DirectoryUnit {
  return { code, kind: 'department', departmentKind: kind, name, nameEn, jurisdictionCode };
}

function buildUnits(input: DemoDirectoryInput): DirectoryUnit[] {
  const units = [
    centre(centreCode(CITY_CODE), '上海市城市运行管理中心', 'Shanghai City Operation Management Centre', CITY_CODE),
    ...CITY_OWNERS.map((o) => department(`O-${o.key}`, o.kind, o.zh, o.en, CITY_CODE)),
  ];
  for (const d of input.districts) {
    const en = DISTRICT_EN[d.code] ?? `District ${d.code}`;
    units.push(centre(centreCode(d.code), `${d.name}城市运行管理中心`, `${en} City Operation Management Centre`, d.code));
    for (const dep of DISTRICT_DEPARTMENTS) {
      units.push(department(departmentCode(d.code, dep.kind), dep.kind, `${d.name}${dep.zh}`, `${en} ${dep.en}`, d.code));
    }
  }
  for (const s of input.streets) {
    // Street names have no English form in the input, so the English name uses the code.
    const where = `street/town ${s.code}, ${DISTRICT_EN[s.districtCode] ?? `district ${s.districtCode}`}`;
    units.push(centre(streetCentreCode(s.code), `${s.name}城运中心`, `City operation centre of ${where}`, s.code));
    units.push(
      department(
        departmentCode(s.code, 'enforcement'),
        'enforcement',
        `${s.name}城管执法中队`,
        `Urban management enforcement squad of ${where}`,
        s.code,
      ),
    );
  }
  for (const c of input.communities ?? []) {
    units.push(department(committeeCode(c.code), 'community', c.name, `Committee of community ${c.code}`, c.code));
  }
  return units;
}

/** Code of a neighbourhood or village committee's unit, e.g. `K-310101002009`. */
export function committeeCode(communityCode: string): string {
  return `K-${communityCode}`;
}

/**
 * The matrix by kind. The catch-all `'*'` sits only at the city (its centre triages what no
 * kind covers): since the deepest level wins before exactness, a `'*'` at a district would
 * shadow the city-level asset owners below it.
 */
function buildResponsibilities(input: DemoDirectoryInput): KindResponsibility[] {
  const out: KindResponsibility[] = [{ departmentKind: '*', jurisdictionCode: CITY_CODE, unitCode: centreCode(CITY_CODE) }];
  for (const o of CITY_OWNERS) {
    if (o.byDefault) out.push({ departmentKind: o.kind, jurisdictionCode: CITY_CODE, unitCode: `O-${o.key}` });
  }
  for (const d of input.districts) {
    for (const dep of DISTRICT_DEPARTMENTS) {
      out.push({ departmentKind: dep.kind, jurisdictionCode: d.code, unitCode: departmentCode(d.code, dep.kind) });
    }
  }
  // A street's own squad overrides the district enforcement bureau for cases in the street.
  for (const s of input.streets) {
    out.push({ departmentKind: 'enforcement', jurisdictionCode: s.code, unitCode: departmentCode(s.code, 'enforcement') });
    // Community work (welfare visits, falling-object visits) placed in no committee goes to the street centre.
    out.push({ departmentKind: 'community', jurisdictionCode: s.code, unitCode: streetCentreCode(s.code) });
  }
  // Inside a community, its own committee visits.
  for (const c of input.communities ?? []) {
    out.push({ departmentKind: 'community', jurisdictionCode: c.code, unitCode: committeeCode(c.code) });
  }
  return out;
}

function buildUsers(input: DemoDirectoryInput): DemoUser[] {
  const district = input.districts.find((d) => d.code === HOME_DISTRICT) ?? input.districts[0];
  if (district === undefined) throw new Error('demo directory: no districts to place demo users in');
  const inDistrict = input.streets.filter((s) => s.districtCode === district.code);
  const street = inDistrict.find((s) => s.code === HOME_STREET) ?? inDistrict[0];
  if (street === undefined) throw new Error(`demo directory: district ${district.code} has no streets to place demo users in`);

  const committee = (input.communities ?? []).find((c) => c.streetCode === street.code);
  const user = (username: string, role: Role, place: string, jurisdictionCode: string, unitCode: string | null): DemoUser => ({
    username,
    displayName: `${ROLES[role].zh}（${place}）`,
    role,
    jurisdictionCode,
    unitCode,
    password: DEMO_PASSWORD,
  });
  return [
    user('admin', 'admin', '上海市', CITY_CODE, null),
    user('shift_lead', 'shift_lead', district.name, district.code, centreCode(district.code)),
    user('dispatcher', 'dispatcher', district.name, district.code, centreCode(district.code)),
    user('intake', 'intake', '上海市', CITY_CODE, centreCode(CITY_CODE)),
    user('inspector', 'inspector', street.name, street.code, streetCentreCode(street.code)),
    user('handler', 'handler', `${district.name}水务局`, district.code, departmentCode(district.code, 'water')),
    user('community_worker', 'community_worker', street.name, street.code, committee ? committeeCode(committee.code) : null),
    user('auditor', 'auditor', '上海市', CITY_CODE, null),
    user('dispatcher_nanjing', 'dispatcher', street.name, street.code, streetCentreCode(street.code)),
    user('gateway', 'gateway', '物联感知接入', CITY_CODE, null),
    user('handler_enforcement', 'handler', `${street.name}城管执法中队`, street.code, departmentCode(street.code, 'enforcement')),
  ];
}

/**
 * Generates the demo directory. Throws when the input is inconsistent (a code twice, a street
 * of an unknown district) or has no district with a street to place the demo users in.
 */
export function generateDemoDirectory(input: DemoDirectoryInput): DemoDirectory {
  checkInput(input);
  return { units: buildUnits(input), responsibilities: buildResponsibilities(input), users: buildUsers(input) };
}
