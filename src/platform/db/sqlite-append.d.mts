/** Types of sqlite-append.mjs (plain JavaScript so that a worker thread can load it). */
import type SQLite from 'better-sqlite3';

type Value = string | number | null;

/** Fills `args` with rows [start, start+n) of `columns`, row-major. */
export function flatten(columns: ReadonlyArray<ReadonlyArray<Value>>, start: number, n: number, args: Value[]): Value[];

/**
 * The transaction function appending to one table: writes `total` rows in one transaction and
 * sets `out[r]` to 1 for each row inserted, 0 for each one skipped (key stored or repeated).
 */
export function sqliteAppendTransaction(
  sqlite: SQLite.Database,
  spec: { table: string; columns: ReadonlyArray<{ name: string }> },
  per: number,
): (columns: ReadonlyArray<ReadonlyArray<Value>>, total: number, out: Uint8Array) => void;
