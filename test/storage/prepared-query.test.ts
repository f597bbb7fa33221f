/**
 * Prepared queries (platform/db/prepared-query.ts) on every dialect: compiled once, they run
 * again with new values and give what the same Kysely query gives; constants of the query stay
 * constants; a shaped query compiles one form per shape; they run in the caller's transaction;
 * a builder that computes with a parameter, or a missing value, is refused instead of run wrong.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';
import { preparedQuery } from '../../src/platform/db/prepared-query.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';

const bump = preparedQuery((db: Kysely<DB>, p: { prefix: string }) =>
  db
    .insertInto('case_code_seq')
    .values({ prefix: p.prefix, last: 1 })
    .onConflict((oc) => oc.column('prefix').doUpdateSet((eb) => ({ last: eb('case_code_seq.last', '+', 1) })))
    .returning('last'),
);
const byPrefix = preparedQuery((db: Kysely<DB>, p: { prefix: string }) =>
  db.selectFrom('case_code_seq').select(['prefix', 'last']).where('prefix', '=', p.prefix),
);
const setLast = preparedQuery(
  (db: Kysely<DB>, p: { prefix: string; last?: number }) => {
    const { prefix, ...set } = p;
    return db.updateTable('case_code_seq').set(set).where('prefix', '=', prefix);
  },
  { shapeOf: (p) => Object.keys(p).join(',') },
);

describe.each(availableDialects())('prepared queries on %s', (dialect) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb(dialect);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('runs again with new values, keeping the constants of the query', async () => {
    const { db } = t.database;
    expect(await bump.first(db, { prefix: 'a' })).toEqual({ last: 1 });
    expect(await bump.first(db, { prefix: 'a' })).toEqual({ last: 2 });
    expect(await bump.first(db, { prefix: 'b' })).toEqual({ last: 1 });
    expect(await byPrefix.rows(db, { prefix: 'a' })).toEqual([{ prefix: 'a', last: 2 }]);
    expect(await byPrefix.first(db, { prefix: 'zzz' })).toBeUndefined();
  });

  it('compiles one form per shape', async () => {
    const { db } = t.database;
    await bump.run(db, { prefix: 'a' });
    expect(await setLast.changes(db, { prefix: 'a', last: 41 })).toBe(1);
    expect(await setLast.changes(db, { prefix: 'nope', last: 41 })).toBe(0);
    // The other shape sets nothing but must still be valid SQL for the dialect: a `set` needs a column.
    await expect(setLast.run(db, { prefix: 'a' })).rejects.toThrow();
    expect(await byPrefix.first(db, { prefix: 'a' })).toEqual({ prefix: 'a', last: 41 });
  });

  it("runs in the caller's transaction", async () => {
    const { db } = t.database;
    await expect(
      db.transaction().execute(async (trx) => {
        await bump.run(trx, { prefix: 'tx' });
        expect(await byPrefix.first(trx, { prefix: 'tx' })).toEqual({ prefix: 'tx', last: 1 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await byPrefix.first(db, { prefix: 'tx' })).toBeUndefined();
  });

  it('refuses a builder that computes with a parameter, and a missing value', async () => {
    const { db } = t.database;
    const computed = preparedQuery((k: Kysely<DB>, p: { prefix: string }) =>
      k.selectFrom('case_code_seq').selectAll().where('prefix', '=', `${p.prefix}-x`),
    );
    await expect(computed.rows(db, { prefix: 'a' })).rejects.toThrow(/computed from a placeholder/);
    const inlined = preparedQuery((k: Kysely<DB>, p: { prefix: string }) =>
      k
        .selectFrom('case_code_seq')
        .selectAll()
        .where(sql<boolean>`prefix = ${sql.lit(p.prefix)}`),
    );
    await expect(inlined.rows(db, { prefix: 'a' })).rejects.toThrow(/written into the SQL/);
    // A parameter read but not passed on (here to choose the query's shape) is refused too.
    const unused = preparedQuery((k: Kysely<DB>, p: { prefix: string; other: string }) =>
      k
        .selectFrom('case_code_seq')
        .selectAll()
        .where('prefix', p.other ? '=' : '<>', p.prefix),
    );
    await expect(unused.rows(db, { prefix: 'a', other: 'b' })).rejects.toThrow(/other not bound/);
    await expect(byPrefix.rows(db, { prefix: undefined as unknown as string })).rejects.toThrow(/prefix is undefined/);
  });
});
