/** Types of sqlite-append.mjs (plain JavaScript so that a worker thread can load it). */
import type SQLite from 'better-sqlite3';

type Value = string | number | null;

/** Fills `args` with rows [start, start+n) of `columns`, row-major. */
export function flatten(columns: ReadonlyArray<ReadonlyArray<Value>>, start: number, n: number, args: Value[]): Value[];

/** The stable order putting rows in key order, or null when they already are. */
export function keyOrder(columns: ReadonlyArray<ArrayLike<Value>>, keyIdx: readonly number[], total: number): number[] | null;

/**
 * Lets a long append give way to a writer waiting for the lock: asked after each statement with
 * the rows written in the transaction so far, `wanted(rows)` true commits them, calls
 * `giveWay()` (release and take back the lock) and goes on in a new transaction.
 */
export interface Yield {
  wanted(rows: number): boolean;
  giveWay(): void;
}

/**
 * The function appending to one table: writes `total` rows in one transaction (in key order;
 * several when `yieldTo` gives way) and sets `out[r]` to 1 for each row inserted, 0 for each one
 * skipped (key stored, or repeated: the first given is the one inserted).
 */
export function sqliteAppendTransaction(
  sqlite: SQLite.Database,
  spec: { table: string; columns: ReadonlyArray<{ name: string }>; key: readonly string[] },
  per: number,
): (columns: ReadonlyArray<ArrayLike<Value>>, total: number, out: Uint8Array, yieldTo?: Yield | null) => void;
