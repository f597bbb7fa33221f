/**
 * Loads the demo city on first start: Shanghai's jurisdictions (shipped, generated file), its
 * centres and departments, the responsibility matrix joined with the case catalogue, one demo
 * account per role, the demo warning rules and alert policies. Idempotent: a meta flag records
 * that it ran, so an operator's later changes (e.g. deleted policies) are not undone.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getMeta, setMeta } from '../platform/db/meta.ts';
import type { Database } from '../platform/db/create-db.ts';
import type { GeoService, Progress } from '../geo/service.ts';
import type { DirectoryService } from '../directory/service.ts';
import type { JurisdictionFeature } from '../geo/model.ts';
import { describeProblem, parseFeatureCollection } from '../geo/import-model.ts';
import { generateDemoDirectory, DEMO_PASSWORD, type DemoUser } from '../directory/demo-directory.ts';
import { responsibilityCells } from './responsibility-cells.ts';
import type { RulesService } from '../rules/service.ts';
import type { AlertsService } from '../alerts/service.ts';
import { demoRules } from '../rules/demo-rules.ts';
import { seedDemoAlertPolicies } from '../alerts/demo-policies.ts';
import type { RegistryService } from '../registry/service.ts';
import { seedDemoPopulation } from './demo-population.ts';

/** The shipped demo city file. */
export const DEMO_CITY_FILE = fileURLToPath(new URL('../../demo/shanghai/jurisdictions.geojson', import.meta.url));

/** Reads the shipped demo jurisdictions (parents by `parentCode`). */
export function readDemoFeatures(file = DEMO_CITY_FILE): JurisdictionFeature[] {
  const parsed = parseFeatureCollection(JSON.parse(fs.readFileSync(file, 'utf8')), {
    level: 'city',
    codeProp: 'code',
    nameProp: 'name',
    crs: 'wgs84',
    parentProp: 'parentCode',
    levelProp: 'level',
  });
  if (!parsed.ok) throw new Error(`demo city file is broken: ${describeProblem(parsed.problems[0]!)}`);
  return parsed.features;
}

/** The demo accounts, for printing at start-up and on the sign-in page. */
export interface DemoAccounts {
  password: string;
  users: Array<Pick<DemoUser, 'username' | 'role' | 'displayName'>>;
}

/** Loads the demo city unless already loaded; returns the demo accounts. */
export async function loadDemo(
  deps: {
    database: Database;
    geo: GeoService;
    directory: DirectoryService;
    rules: RulesService;
    alerts: AlertsService;
    registry?: RegistryService;
  },
  onProgress?: Progress,
): Promise<{ loaded: boolean; accounts: DemoAccounts }> {
  const { geo, directory } = deps;
  const districts = () => geo.list('district').map((d) => ({ code: d.code, name: d.name }));
  const streets = () => geo.list('street').map((s) => ({ code: s.code, name: s.name, districtCode: geo.get(s.parentId!)!.code }));
  const communities = () =>
    geo
      .list('community')
      .map((c) => {
        // Communities sit under grids, grids under streets.
        const street = geo.ancestors(c.id).find((a) => a.level === 'street');
        return { code: c.code, name: c.name, streetCode: street?.code ?? '' };
      })
      .filter((c) => c.streetCode !== '');
  const already = (await getMeta(deps.database.db, 'demo_loaded')) !== undefined;
  if (!already) {
    if (geo.count() > 0) throw new Error('the database already holds jurisdictions; start with --no-demo or use an empty data dir');
    await geo.importFeatures(readDemoFeatures(), onProgress);
  }
  const demo = generateDemoDirectory({ districts: districts(), streets: streets(), communities: communities() });
  if (!already) {
    const id = (code: string) => geo.require(code).id;
    await directory.seed(
      demo.units.map((u) => ({
        code: u.code,
        kind: u.kind,
        departmentKind: u.departmentKind ?? null,
        name: u.name,
        nameEn: u.nameEn,
        jurisdictionId: id(u.jurisdictionCode),
      })),
      responsibilityCells(demo.responsibilities).map((c) => ({ ...c, jurisdictionId: id(c.jurisdictionCode) })),
    );
    for (const u of demo.users) {
      await directory.createUser({
        username: u.username,
        displayName: u.displayName,
        password: u.password,
        roles: [u.role],
        jurisdictionId: id(u.jurisdictionCode),
        unitId: u.unitCode ? directory.getUnitByCode(u.unitCode)!.id : null,
      });
    }
    const city = geo.list('city')[0];
    if (city) {
      await deps.rules.ensure(demoRules(), { userId: null, scopePath: city.path });
      await seedDemoAlertPolicies(deps.alerts, city.id);
    }
    // A synthetic population (people, housing, shops) for a few streets of 黄浦区.
    if (deps.registry) await seedDemoPopulation({ geo, registry: deps.registry });
    await setMeta(deps.database.db, 'demo_loaded', new Date().toISOString());
  }
  return {
    loaded: !already,
    accounts: { password: DEMO_PASSWORD, users: demo.users.map(({ username, role, displayName }) => ({ username, role, displayName })) },
  };
}
