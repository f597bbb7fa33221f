/**
 * Storage contract: transactions are all or nothing, on every dialect.
 * - a transaction whose callback throws half-way leaves none of its writes, across tables and
 *   across many statements, and the database stays usable;
 * - a statement the database refuses half-way rolls back the earlier ones;
 * - a transaction reads its own writes and, when it returns, all of them are there.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB, JurisdictionTable } from '../../src/platform/db/schema.ts';
import { getMeta, setMeta } from '../../src/platform/db/meta.ts';
import * as geoStore from '../../src/geo/store.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';

function row(i: number): JurisdictionTable {
  const id = `j${i}`;
  return {
    id,
    code: `c${i}`,
    name: `区${i}`,
    level: 'district',
    parent_id: null,
    path: `/${id}/`,
    depth: 1,
    min_lon: 121,
    min_lat: 31,
    max_lon: 121.1,
    max_lat: 31.1,
    center_lon: 121.05,
    center_lat: 31.05,
    geometry: '{"type":"Polygon","coordinates":[]}',
    created_at: Date.UTC(2026, 10, 27),
  };
}

async function counts(db: Kysely<DB>): Promise<{ meta: number; jurisdictions: number }> {
  const meta = await db
    .selectFrom('meta')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { meta: Number(meta.n), jurisdictions: await geoStore.countJurisdictions(db) };
}

describe.each(availableDialects())('transactions on %s', (dialect) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb(dialect);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('leaves nothing when the callback throws half-way, and the database stays usable', async () => {
    const { db } = t.database;
    await setMeta(db, 'kept', 'before');
    const before = await counts(db);
    const run = db.transaction().execute(async (trx) => {
      await setMeta(trx, 'kept', 'changed');
      await setMeta(trx, 'added', '新');
      await geoStore.insertJurisdictions(
        trx,
        Array.from({ length: 900 }, (_, i) => row(i)),
      ); // three statements
      // The transaction sees its own writes…
      expect(await getMeta(trx, 'added')).toBe('新');
      expect(await geoStore.countJurisdictions(trx)).toBe(900);
      throw new Error('boom');
    });
    await expect(run).rejects.toThrow('boom');
    // …and nobody else ever does.
    expect(await counts(db)).toEqual(before);
    expect(await getMeta(db, 'kept')).toBe('before');
    expect(await getMeta(db, 'added')).toBeUndefined();

    await geoStore.insertJurisdictions(db, [row(1)]);
    expect(await geoStore.countJurisdictions(db)).toBe(1);
  });

  it('rolls back earlier statements when the database refuses a later one', async () => {
    const { db } = t.database;
    await geoStore.insertJurisdictions(db, [row(5)]);
    const run = db.transaction().execute(async (trx) => {
      await setMeta(trx, 'import', 'running');
      await geoStore.insertJurisdictions(trx, [row(1), row(2)]);
      await geoStore.insertJurisdictions(trx, [row(3), row(5)]); // j5 exists: primary key violation
    });
    await expect(run).rejects.toThrow();
    expect(await counts(db)).toEqual({ meta: 0, jurisdictions: 1 });
  });

  it('commits every write when the callback returns', async () => {
    const { db } = t.database;
    const result = await db.transaction().execute(async (trx) => {
      await setMeta(trx, 'a', '1');
      await geoStore.insertJurisdictions(
        trx,
        Array.from({ length: 401 }, (_, i) => row(i)),
      );
      return 'done';
    });
    expect(result).toBe('done');
    expect(await counts(db)).toEqual({ meta: 1, jurisdictions: 401 });
  });
});
