/**
 * The demo population on the suite's database: a few thousand synthetic people in a few streets
 * of 黄浦区, sealed like imported ones, with elderly people living alone linked to their dwellings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { DEMO_POPULATION_STREETS, generateDemoPopulation } from '../../src/demo/demo-population.ts';
import { idNumberProblem } from '../../src/registry/id-number.ts';
import { creditCodeProblem } from '../../src/registry/credit-code.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => p?.dispose());

describe('demo population', () => {
  it('seeds a few thousand people in the demo streets only, with dwellings and shops', async () => {
    const counts = await p.database.db.selectFrom('registry_records').select(['kind', 'jurisdiction_path']).execute();
    const people = counts.filter((r) => r.kind === 'person');
    expect(people.length).toBeGreaterThan(2000);
    expect(counts.some((r) => r.kind === 'housing')).toBe(true);
    expect(counts.some((r) => r.kind === 'entity')).toBe(true);
    const streets = DEMO_POPULATION_STREETS.map((c) => p.geo.getByCode(c)!.path);
    for (const r of counts) expect(streets.some((s) => r.jurisdiction_path.startsWith(s))).toBe(true);
  });

  it('lists several elderly people living alone with the dwelling they live in', async () => {
    const elderly = await p.registry.elderlyAlone(p.geo.getByCode('310101002')!.path);
    expect(elderly.length).toBeGreaterThan(5);
    for (const e of elderly)
      expect(e).toMatchObject({ personId: expect.any(String), housingId: expect.any(String), room: expect.any(String) });
    expect(JSON.stringify(elderly)).not.toMatch(/1380000\d{4}/);
  });

  it('is the same population for the same seed, with valid check characters throughout', () => {
    const communities = [{ id: 'c1', code: '310101002001', name: '云南中路居委会', path: '/x/c1/' }];
    const strip = (rs: ReturnType<typeof generateDemoPopulation>) => rs.map(({ id: _id, fields, ...r }) => ({ ...r, name: fields.name }));
    const a = generateDemoPopulation(communities, (s) => `h${s}`);
    expect(strip(a)).toEqual(strip(generateDemoPopulation(communities, (s) => `h${s}`)));
    for (const r of a) {
      if (r.kind === 'person') expect(idNumberProblem(r.fields.idNumber as string)).toBeNull();
      if (r.kind === 'entity') expect(creditCodeProblem(r.fields.creditCode as string)).toBeNull();
    }
  });
});
