/**
 * The batch appender and upserter on every available dialect: rows come back as written, a key
 * stored before or repeated within one call is skipped and reported as such, large calls span
 * several statements in one transaction, and the upserter keeps the newest row per key.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createAppender, createKeyedTable, createUpserter, dialectOf, type KeyedTableSpec } from '../../src/platform/db/appender.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';

const SAMPLES: KeyedTableSpec = {
  table: 't_samples',
  columns: [
    { name: 'ts', type: 'bigint' },
    { name: 'source', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'value', type: 'double' },
  ],
  key: ['ts', 'source', 'name'],
};
const NEWEST: KeyedTableSpec = {
  table: 't_newest',
  columns: [
    { name: 'source', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'ts', type: 'bigint' },
    { name: 'value', type: 'double', nullable: true },
  ],
  key: ['source', 'name'],
};

const T0 = Date.UTC(2026, 10, 27, 2, 0, 0);

async function rows(db: Kysely<unknown>, table: string): Promise<Array<Record<string, unknown>>> {
  const r = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by 1, 2, 3`.execute(db);
  return r.rows;
}

describe.each(availableDialects())('appender on %s', (dialect) => {
  let t: TestDb;
  let db: Kysely<unknown>;
  beforeEach(async () => {
    t = await openTestDb(dialect);
    db = t.database.db as unknown as Kysely<unknown>;
    await createKeyedTable(db, SAMPLES);
    await createKeyedTable(db, NEWEST);
  });
  afterEach(async () => t?.cleanup());

  it('knows its dialect', () => {
    expect(dialectOf(db)).toBe(dialect);
  });

  it('appends rows exactly as written and reports each as inserted', async () => {
    const a = createAppender(t.database, SAMPLES);
    const out = await a.append([
      [T0, T0 + 1, 2 ** 40],
      ['dev-1', 'dev-2', '设备-3'],
      ['level', 'level', 'tilt'],
      [0.1 + 0.2, -5, 1e300],
    ]);
    expect([...out]).toEqual([1, 1, 1]);
    expect(await rows(db, SAMPLES.table)).toEqual([
      { ts: 2 ** 40, source: '设备-3', name: 'tilt', value: 1e300 },
      { ts: T0, source: 'dev-1', name: 'level', value: 0.1 + 0.2 },
      { ts: T0 + 1, source: 'dev-2', name: 'level', value: -5 },
    ]);
  });

  it('skips keys already stored or repeated within the call, and says which', async () => {
    const a = createAppender(t.database, SAMPLES, { rowsPerStatement: 4 });
    await a.append([[T0], ['d'], ['m'], [1]]);
    const out = await a.append([
      [T0 + 1, T0, T0 + 2, T0 + 1, T0 + 3, T0 + 4],
      ['d', 'd', 'd', 'd', 'd', 'd'],
      ['m', 'm', 'm', 'm', 'm', 'm'],
      [2, 99, 3, 98, 4, 5],
    ]);
    expect([...out]).toEqual([1, 0, 1, 0, 1, 1]);
    const stored = await rows(db, SAMPLES.table);
    expect(stored.map((r) => [r.ts, r.value])).toEqual([
      [T0, 1],
      [T0 + 1, 2],
      [T0 + 2, 3],
      [T0 + 3, 4],
      [T0 + 4, 5],
    ]);
  });

  it('writes a call larger than one statement in one go', async () => {
    const a = createAppender(t.database, SAMPLES, { rowsPerStatement: 7 });
    const n = 1000;
    const cols = [
      Array.from({ length: n }, (_, i) => T0 + Math.floor(i / 10)),
      Array.from({ length: n }, (_, i) => `dev-${i % 10}`),
      Array.from({ length: n }, () => 'm'),
      Array.from({ length: n }, (_, i) => i),
    ];
    expect((await a.append(cols)).reduce((s, x) => s + x, 0)).toBe(n);
    expect((await a.append(cols)).reduce((s, x) => s + x, 0)).toBe(0);
    expect(await rows(db, SAMPLES.table)).toHaveLength(n);
  });

  it('refuses columns of unequal length', async () => {
    const a = createAppender(t.database, SAMPLES);
    await expect(a.append([[T0], ['d'], ['m']])).rejects.toThrow(/columns/);
    await expect(a.append([[T0, T0], ['d'], ['m'], [1]])).rejects.toThrow(/length/);
  });

  it('upserts only newer rows, reducing repeated keys to the newest', async () => {
    const u = createUpserter(t.database, NEWEST, 'ts');
    await u.upsertNewer([
      ['a', 'a', 'b'],
      ['x', 'x', 'x'],
      [T0 + 5, T0 + 9, T0],
      [5, 9, null],
    ]);
    await u.upsertNewer([
      ['a', 'b'],
      ['x', 'x'],
      [T0 + 1, T0 + 1],
      [1, 1],
    ]);
    expect(await rows(db, NEWEST.table)).toEqual([
      { source: 'a', name: 'x', ts: T0 + 9, value: 9 },
      { source: 'b', name: 'x', ts: T0 + 1, value: 1 },
    ]);
  });

  it('serialises with Kysely transactions on the same connection', async () => {
    const a = createAppender(t.database, SAMPLES);
    const trx = t.database.db.transaction().execute(async (tx) => {
      await sql`insert into t_samples (ts, source, name, value) values (${T0}, 'k', 'm', 1)`.execute(tx);
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('roll back');
    });
    const appended = a.append([[T0 + 1], ['a'], ['m'], [2]]);
    await expect(trx).rejects.toThrow('roll back');
    await appended;
    expect((await rows(db, SAMPLES.table)).map((r) => r.source)).toEqual(['a']);
  });
});
