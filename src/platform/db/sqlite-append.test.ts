/**
 * The SQLite append function giving way mid-append: when a writer waits for the lock, what was
 * written is committed, the lock is let go and taken back, and the rest follows in a new
 * transaction — every row written once, in key order, duplicates (stored, or repeated across
 * the parts of one call) still skipped and reported.
 */
import { describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { sqliteAppendTransaction } from './sqlite-append.mjs';

const SPEC = { table: 'samples', columns: [{ name: 'ts' }, { name: 'source' }, { name: 'value' }], key: ['ts', 'source'] };

function open(): SQLite.Database {
  const sqlite = new SQLite(':memory:');
  sqlite.exec('create table samples (ts integer not null, source text not null, value real, primary key (ts, source)) without rowid');
  return sqlite;
}

describe('sqliteAppendTransaction', () => {
  it('gives way between statements when asked, committing each part, and writes every row once', () => {
    const sqlite = open();
    sqlite.prepare('insert into samples values (?, ?, ?)').run(5, 'a', -1);
    const write = sqliteAppendTransaction(sqlite, SPEC, 3);
    const n = 10;
    // Rows out of key order, a key stored before (5, a) and one repeated within the call (7, b).
    const ts = [9, 8, 7, 6, 5, 4, 3, 2, 1, 7];
    const source = ['a', 'a', 'b', 'a', 'a', 'a', 'a', 'a', 'a', 'b'];
    const value = ts.map((t, i) => t * 10 + i);
    const out = new Uint8Array(n);
    const seenBetween: number[] = [];
    let asks = 0;
    write([ts, source, value], n, out, {
      wanted: () => ++asks % 2 === 1,
      giveWay: () => {
        // Between parts no transaction is open, and what came before is stored.
        expect(sqlite.inTransaction).toBe(false);
        seenBetween.push((sqlite.prepare('select count(*) as c from samples').get() as { c: number }).c);
      },
    });
    expect(seenBetween.length).toBeGreaterThan(0);
    expect(seenBetween).toEqual([...seenBetween].sort((a, b) => a - b));
    expect([...out]).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1, 0]);
    const rows = sqlite.prepare('select ts, source, value from samples order by ts, source').all();
    expect(rows).toEqual([
      { ts: 1, source: 'a', value: 18 },
      { ts: 2, source: 'a', value: 27 },
      { ts: 3, source: 'a', value: 36 },
      { ts: 4, source: 'a', value: 45 },
      { ts: 5, source: 'a', value: -1 },
      { ts: 6, source: 'a', value: 63 },
      { ts: 7, source: 'b', value: 72 },
      { ts: 8, source: 'a', value: 81 },
      { ts: 9, source: 'a', value: 90 },
    ]);
    sqlite.close();
  });

  it('writes in one transaction when nobody waits', () => {
    const sqlite = open();
    const write = sqliteAppendTransaction(sqlite, SPEC, 2);
    const out = new Uint8Array(5);
    let gaveWay = 0;
    write(
      [
        [1, 2, 3, 4, 5],
        ['a', 'a', 'a', 'a', 'a'],
        [1, 2, 3, 4, 5],
      ],
      5,
      out,
      { wanted: () => false, giveWay: () => gaveWay++ },
    );
    expect(gaveWay).toBe(0);
    expect([...out]).toEqual([1, 1, 1, 1, 1]);
    sqlite.close();
  });
});
