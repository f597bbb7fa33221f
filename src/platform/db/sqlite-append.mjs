/**
 * The SQLite half of the batch appender (appender.ts), written in plain JavaScript because it
 * also runs inside a worker thread (sqlite-append-worker.mjs), and a worker thread loads no
 * TypeScript without a loader of its own (measured: 450 ms to start one through tsx, 45 ms
 * without). Types for TypeScript callers: sqlite-append.d.mts.
 *
 * One call writes all rows in one transaction, as prepared multi-row
 * `INSERT … ON CONFLICT DO NOTHING` statements of `per` rows. Each statement runs in a
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
 * The transaction function appending to one table.
 * @param {import('better-sqlite3').Database} sqlite
 * @param {{ table: string, columns: ReadonlyArray<{ name: string }> }} spec identifiers already checked
 * @param {number} per rows per statement
 * @returns {(columns: ReadonlyArray<ReadonlyArray<string | number | null>>, total: number, out: Uint8Array) => void}
 *   writes `total` rows; `out[r]` becomes 1 for a row inserted and 0 for one skipped
 */
export function sqliteAppendTransaction(sqlite, spec, per) {
  const names = spec.columns.map((c) => c.name);
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
  return sqlite.transaction((columns, total, out) => {
    const full = new Array(per * width);
    const one = new Array(width);
    for (let start = 0; start < total; start += per) {
      const n = Math.min(per, total - start);
      try {
        tryChunk(flatten(columns, start, n, n === per ? full : new Array(n * width)), n);
        out.fill(1, start, start + n);
      } catch (e) {
        if (e !== MISMATCH) throw e;
        for (let r = start; r < start + n; r++) out[r] = statement(1).run(flatten(columns, r, 1, one)).changes;
      }
    }
  });
}
