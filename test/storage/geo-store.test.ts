/**
 * Storage contract: the jurisdiction tree through the geo service, on every dialect.
 * - imported rows carry materialized paths `/city/district/…/` of ids, and depths by level;
 * - a feature without a parent code gets its parent by containment;
 * - `locate` answers after an import and again from a fresh service on the same database
 *   (the tree is reloaded from storage, not kept from the import);
 * - an import with one bad feature throws an AppError naming it and writes nothing, and a
 *   failure inside the insert transaction rolls back every batch already sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/platform/clock.ts';
import { AppError } from '../../src/platform/errors.ts';
import { createGeoService } from '../../src/geo/service.ts';
import type { JurisdictionFeature } from '../../src/geo/model.ts';
import * as store from '../../src/geo/store.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { CITY, D1, D2, PROBES, S1, TINY_CITY, codes, rect } from './tiny-city.ts';

const NOW = Date.UTC(2026, 10, 27, 2, 0, 0);

/** Calls `fn`, expects an AppError, returns it. */
async function appError(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, got success');
}

describe.each(availableDialects())('geo storage on %s', (dialect) => {
  let t: TestDb;
  const clock = manualClock(NOW);
  const geoService = () => createGeoService({ database: t.database, clock });
  const count = () => store.countJurisdictions(t.database.db);

  beforeEach(async () => {
    t = await openTestDb(dialect);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('stores /city/district/street/ paths, finding parents by containment when not given', async () => {
    const geo = await geoService();
    expect(await geo.importFeatures(TINY_CITY)).toEqual({ imported: 3 });
    expect(await geo.importFeatures([S1])).toEqual({ imported: 1 });

    const rows = await store.listJurisdictions(t.database.db);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const city = byCode.get('C1')!;
    const d1 = byCode.get('D1')!;
    const d2 = byCode.get('D2')!;
    const s1 = byCode.get('S1')!;
    expect(rows.map((r) => r.code)).toEqual(['C1', 'D1', 'D2', 'S1']);
    expect([city.parentId, d1.parentId, d2.parentId, s1.parentId]).toEqual([null, city.id, city.id, d1.id]);
    expect(city.path).toBe(`/${city.id}/`);
    expect(d1.path).toBe(`/${city.id}/${d1.id}/`);
    expect(d2.path).toBe(`/${city.id}/${d2.id}/`);
    expect(s1.path).toBe(`/${city.id}/${d1.id}/${s1.id}/`);
    expect(rows.map((r) => r.depth)).toEqual([0, 1, 1, 2]);
    expect(s1).toMatchObject({ name: '南京东路街道', level: 'street', bbox: [121.2, 31.2, 121.4, 31.4] });
    // The stored centre lies inside, even for D2 whose middle is a hole.
    expect(codes(geo.locate(...d2.center))).toEqual(['C1', 'D2']);
    expect(await geo.geometry(d2.id)).toEqual(D2.geometry);
    const created = await t.database.db.selectFrom('jurisdictions').select('created_at').distinct().execute();
    expect(created).toEqual([{ created_at: NOW }]);
  });

  it('finds a district parent by containment in the stored tree', async () => {
    const geo = await geoService();
    await geo.importFeatures([CITY]);
    await geo.importFeatures([{ ...D1, parentCode: null }]);
    const city = geo.getByCode('C1')!;
    expect(geo.getByCode('D1')).toMatchObject({ parentId: city.id, path: `${city.path}${geo.getByCode('D1')!.id}/` });
  });

  it('locates after the import and from a fresh service on the same database', async () => {
    const geo = await geoService();
    await geo.importFeatures(TINY_CITY);
    await geo.importFeatures([S1]);
    for (const p of PROBES) expect(codes(geo.locate(p.lon, p.lat)), p.name).toEqual(p.chain);

    const fresh = await geoService();
    expect(fresh.count()).toBe(4);
    for (const p of PROBES) expect(codes(fresh.locate(p.lon, p.lat)), p.name).toEqual(p.chain);
    expect(fresh.list()).toEqual(geo.list());
    const s1 = fresh.getByCode('S1')!;
    expect(fresh.ancestors(s1.id).map((j) => j.code)).toEqual(['C1', 'D1']);
    expect(fresh.childrenOf(null).map((j) => j.code)).toEqual(['C1']);
  });

  it('refuses an unknown parent code late in the list, naming the feature, and writes nothing', async () => {
    const geo = await geoService();
    await geo.importFeatures([CITY]);
    const before = await count();
    const bad: JurisdictionFeature = { ...S1, code: 'S9', parentCode: 'NOPE' };
    const err = await appError(() => geo.importFeatures([D1, D2, { ...S1, parentCode: 'D1' }, bad]));
    expect(err).toMatchObject({ status: 400, code: 'UNKNOWN_PARENT' });
    expect(err.message).toContain('feature 3 (S9)');
    expect(err.fields[0]?.field).toBe('features[3].parentCode');
    expect(await count()).toBe(before);
    expect(codes(geo.locate(121.3, 31.3))).toEqual(['C1']);
  });

  it('refuses a jurisdiction that overlaps a stored one of the same level, and writes nothing', async () => {
    const geo = await geoService();
    await geo.importFeatures(TINY_CITY);
    const err = await appError(() => geo.importFeatures([{ ...D1, code: 'D9', name: '叠区' }]));
    expect(err).toMatchObject({ status: 400, code: 'OVERLAPS_EXISTING' });
    expect(err.message).toContain('feature 0 (D9): geometry: overlaps district D1');
    expect(await count()).toBe(3);
  });

  it('refuses a duplicate code, in the batch or already stored, and writes nothing', async () => {
    const geo = await geoService();
    const inBatch = await appError(() => geo.importFeatures([CITY, D1, D2, { ...D2, name: '重复' }]));
    expect(inBatch).toMatchObject({ status: 400, code: 'JURISDICTION_EXISTS' });
    expect(inBatch.message).toContain('feature 3 (D2)');
    expect(await count()).toBe(0);

    await geo.importFeatures(TINY_CITY);
    const stored = await appError(() => geo.importFeatures([S1, { ...D1, name: '又一个' }]));
    expect(stored).toMatchObject({ code: 'JURISDICTION_EXISTS' });
    expect(stored.message).toContain('feature 1 (D1)');
    expect(await count()).toBe(3);
  });

  it('refuses a feature that lies in no jurisdiction above it, and writes nothing', async () => {
    const geo = await geoService();
    await geo.importFeatures(TINY_CITY);
    const outside: JurisdictionFeature = {
      code: 'S8',
      name: '城外',
      level: 'street',
      parentCode: null,
      geometry: rect(120.1, 30.1, 120.2, 30.2),
    };
    const err = await appError(() => geo.importFeatures([S1, outside]));
    expect(err).toMatchObject({ code: 'NO_CONTAINING_JURISDICTION' });
    expect(err.message).toContain('feature 1 (S8)');
    expect(await count()).toBe(3);
  });

  it('rolls back every batch when the database refuses a row late in a large import', async () => {
    // Two services on one database, as two processes would be: `stale` validated against an
    // empty tree, so only the database's unique constraint catches the code `other` took.
    const stale = await geoService();
    const other = await geoService();
    await other.importFeatures([CITY]);
    const before = await count();
    const city2: JurisdictionFeature = { ...CITY, code: 'C2', name: '第二市' };
    const districts: JurisdictionFeature[] = Array.from({ length: 2100 }, (_, i) => ({
      code: `X${i}`,
      name: `区${i}`,
      level: 'district',
      parentCode: 'C2',
      geometry: rect(121.1, 31.1, 121.2, 31.2),
    }));
    // Row 2102 of 2103: the service inserts 2,000 rows (five statements) before it reaches it.
    const clash: JurisdictionFeature = { ...D1, code: 'C1', parentCode: 'C2' };
    const progress: number[][] = [];
    const failed = stale.importFeatures([city2, ...districts, clash, { ...D2, code: 'Z1', parentCode: 'C2' }], (done, total) =>
      progress.push([done, total]),
    );
    // The lost race is answered as a conflict, not a raw database error.
    await expect(failed).rejects.toBeInstanceOf(AppError);
    await expect(failed).rejects.toMatchObject({ status: 409, code: 'JURISDICTION_EXISTS' });
    // The first 2,000 rows had been written inside the transaction before the refusal.
    expect(progress).toEqual([[2000, 2103]]);
    expect(await count()).toBe(before);
    const left = await t.database.db.selectFrom('jurisdictions').select('code').execute();
    expect(left).toEqual([{ code: 'C1' }]);
  });

  // A street imported in the same call as its district must hang under that district.
  it('finds a parent by containment among features of the same import', async () => {
    const geo = await geoService();
    await geo.importFeatures([CITY]);
    await geo.importFeatures([{ ...D1, parentCode: null }, S1]);
    const d1 = geo.getByCode('D1')!;
    expect(geo.getByCode('S1')).toMatchObject({ parentId: d1.id, path: `${d1.path}${geo.getByCode('S1')!.id}/` });
  });
});
