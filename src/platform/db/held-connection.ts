/**
 * Statements run straight on the SQLite driver by whoever holds the connection.
 *
 * Kysely's path from `executeQuery` to the driver (executor, connection provider, the driver's
 * lock, promise on promise) costs ~12 µs a query on this machine, where SQLite runs a small
 * prepared statement in 2–10 µs; a case command runs half a dozen. A batch that holds the one
 * SQLite connection for its whole transaction (group-commit.ts) registers the Kysely instance it
 * hands to its jobs here; prepared queries (prepared-query.ts) run on such an instance call the
 * driver directly, with the same statement cache Kysely's driver uses. Only an instance that
 * holds the connection is registered, so a direct call can never slip into someone else's
 * transaction: every other query still goes through Kysely and waits its turn.
 */
import type SQLite from 'better-sqlite3';
import type { QueryResult } from 'kysely';

/** Statements kept prepared per connection; the hot paths use a few dozen distinct queries. */
const STATEMENT_CACHE_SIZE = 500;

/** The prepared statements of each open SQLite connection, by SQL text, least recently used first. */
const statementCaches = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/**
 * The statement for `text` on `sqlite`, prepared once and reused (least recently used ones fall
 * out beyond {@link STATEMENT_CACHE_SIZE}). Kysely's driver prepares every query anew, which
 * measured ~16 % of the CPU of a case command; reuse is safe because one connection runs one
 * query at a time and nothing here streams a statement while another runs.
 * @example const stmt = cachedStatement(sqlite, 'select 1');
 */
export function cachedStatement(sqlite: SQLite.Database, text: string): SQLite.Statement {
  let cache = statementCaches.get(sqlite);
  if (!cache) statementCaches.set(sqlite, (cache = new Map<string, SQLite.Statement>()));
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const stmt = sqlite.prepare(text);
  cache.set(text, stmt);
  if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return stmt;
}

/** Kysely instances (bound to one connection) whose owner holds that SQLite connection now. */
const held = new WeakMap<object, SQLite.Database>();

/**
 * Runs `fn` with `conn` (a Kysely instance bound to the connection of `sqlite`, which the caller
 * holds until `fn` settles) registered for direct statements.
 * @example await db.connection().execute((conn) => holding(conn, sqlite, () => work(conn)));
 */
export async function holding<T>(conn: object, sqlite: SQLite.Database, fn: () => Promise<T>): Promise<T> {
  held.set(conn, sqlite);
  try {
    return await fn();
  } finally {
    held.delete(conn);
  }
}

/** The SQLite connection `db` holds, if it is an instance registered by {@link holding}. */
export function heldSqlite(db: object): SQLite.Database | undefined {
  return held.get(db);
}

/**
 * Runs SQL with positional parameters on a held connection, answering as Kysely's SQLite driver
 * does (rows for statements that return them, else the changes and the last row id).
 */
export function runDirect<R>(sqlite: SQLite.Database, text: string, parameters: readonly unknown[]): QueryResult<R> {
  const stmt = cachedStatement(sqlite, text);
  if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}
