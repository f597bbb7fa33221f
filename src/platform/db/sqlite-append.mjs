/**
 * The SQLite half of the batch appender (appender.ts), written in plain JavaScript because it
 * also runs inside a worker thread (sqlite-append-worker.mjs), and a worker thread loads no
 * TypeScript without a loader of its own (measured: 450 ms to start one through tsx, 45 ms
 * without). Types for TypeScript callers: sqlite-append.d.mts.
 *
 * One call writes all rows in one transaction (or, giving way to a waiting writer, several), as
 * prepared multi-row `INSERT … ON CONFLICT DO NOTHING` statements of `per` rows. Each statement runs in a
 * savepoint: when it skipped a row (a key already stored or repeated), it is rolled back and
 * its rows are written one by one to learn which were the skipped ones (rare: duplicates).
 */

const MISMATCH = new Error('some rows of the chunk were skipped');

/**
 * Fills `args` with rows [start, start+n) of `columns`, row-major.
 * @param {ReadonlyArray<ReadonlyArray<string | number | null>>} columns
 * @param {number} start
 * @param {number} n
 * @param {Array<string | number | null>} args
 */
export function flatten(columns, start, n, args) {
  let k = 0;
  for (let r = start; r < start + n; r++) for (const column of columns) args[k++] = column[r] ?? null;
  return args;
}

/**
 * The order in which to insert rows so that they reach the table's B-tree in key order (rows
 * of many devices interleaved in time otherwise land on scattered pages: measured 2-3× slower
 * per row on a large table), or null when they already come in that order. Stable: of rows with
 * equal keys the first given stays first, so it is the one inserted.
 * @param {ReadonlyArray<ArrayLike<string | number | null>>} columns
 * @param {readonly number[]} keyIdx
 * @param {number} total
 * @returns {number[] | null}
 */
export function keyOrder(columns, keyIdx, total) {
  const cmp = (/** @type {number} */ a, /** @type {number} */ b) => {
    for (const k of keyIdx) {
      const x = /** @type {string | number} */ (columns[k][a]);
      const y = /** @type {string | number} */ (columns[k][b]);
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };
  let sorted = true;
  for (let r = 1; r < total && sorted; r++) sorted = cmp(r - 1, r) <= 0;
  if (sorted) return null;
  const order = new Array(total);
  for (let r = 0; r < total; r++) order[r] = r;
  return order.sort(cmp);
}

/**
 * Lets a long append give way: asked after each statement whether it should, given the rows
 * written in the transaction so far (`wanted(rows)`: someone waits for the write lock), the
 * append commits what it wrote, calls `giveWay` (which lets the lock go and takes it back) and
 * goes on in a new transaction.
 * @typedef {{ wanted(rows: number): boolean, giveWay(): void }} Yield
 */

/**
 * The function appending to one table: one transaction, or several when `yieldTo` says that
 * someone waits for the lock (every row is still written once, in key order; a caller is
 * answered only after the last, so what it was told is stored).
 * @param {import('better-sqlite3').Database} sqlite
 * @param {{ table: string, columns: ReadonlyArray<{ name: string }>, key: readonly string[] }} spec identifiers already checked
 * @param {number} per rows per statement
 * @returns {(columns: ReadonlyArray<ArrayLike<string | number | null>>, total: number, out: Uint8Array, yieldTo?: Yield | null) => void}
 *   writes `total` rows; `out[r]` becomes 1 for a row inserted and 0 for one skipped
 */
export function sqliteAppendTransaction(sqlite, spec, per) {
  const names = spec.columns.map((c) => c.name);
  const keyIdx = spec.key.map((k) => names.indexOf(k));
  const width = names.length;
  const tuple = `(${names.map(() => '?').join(', ')})`;
  /** @type {Map<number, import('better-sqlite3').Statement>} */
  const statements = new Map();
  const statement = (/** @type {number} */ n) => {
    let s = statements.get(n);
    if (!s) {
      const values = new Array(n).fill(tuple).join(', ');
      s = sqlite.prepare(`insert into ${spec.table} (${names.join(', ')}) values ${values} on conflict do nothing`);
      statements.set(n, s);
    }
    return s;
  };
  // A nested transaction function runs in a savepoint.
  const tryChunk = sqlite.transaction((/** @type {Array<string | number | null>} */ args, /** @type {number} */ n) => {
    if (statement(n).run(args).changes !== n) throw MISMATCH;
  });
  /** Fills `args` with the rows at positions [start, start+n) of `order` (null: as given), row-major. */
  const rows = (columns, order, start, n, args) => {
    let k = 0;
    for (let p = start; p < start + n; p++) {
      const r = order === null ? p : order[p];
      for (const column of columns) args[k++] = column[r] ?? null;
    }
    return args;
  };
  const full = new Array(per * width);
  const one = new Array(width);
  /** Writes rows from position `from` on, in one transaction; returns where it stopped (total: done). */
  const part = sqlite.transaction((columns, order, from, total, out, yieldTo) => {
    let start = from;
    while (start < total) {
      const n = Math.min(per, total - start);
      try {
        tryChunk(rows(columns, order, start, n, n === per ? full : new Array(n * width)), n);
        for (let p = start; p < start + n; p++) out[order === null ? p : order[p]] = 1;
      } catch (e) {
        if (e !== MISMATCH) throw e;
        for (let p = start; p < start + n; p++)
          out[order === null ? p : order[p]] = statement(1).run(rows(columns, order, p, 1, one)).changes;
      }
      start += n;
      if (yieldTo?.wanted(start - from)) break;
    }
    return start;
  });
  return (columns, total, out, yieldTo = null) => {
    const order = keyOrder(columns, keyIdx, total);
    for (let start = part(columns, order, 0, total, out, yieldTo); start < total;) {
      yieldTo?.giveWay();
      start = part(columns, order, start, total, out, yieldTo);
    }
  };
}
