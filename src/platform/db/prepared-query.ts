/**
 * Queries built and compiled by Kysely once, then run many times with new parameter values.
 *
 * Building and compiling a Kysely query costs more CPU than SQLite takes to run a small one
 * (measured in the cases benchmark: about a quarter of a case command's CPU went to Kysely's
 * builders and compiler). A prepared query is built once per dialect with a placeholder string
 * standing in for each named parameter; the compiled SQL is kept, and each run only puts the
 * values where the placeholders were. The SQL stays written with Kysely's builders (and so
 * type-checked against the schema) and runs through the same executor, in the caller's
 * transaction, on both dialects.
 *
 * The builder must not look at parameter values — only pass them on — so that the query's shape
 * is the same for every run; a builder that computed with one fails on first use (its
 * placeholder does not come out as a bound parameter). Queries whose shape varies (a column set,
 * an `in` list's length) keep one prepared query per shape.
 */
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import { heldSqlite, runDirect } from './held-connection.ts';

/** How one compiled parameter gets its value: from a named parameter, or a constant of the query. */
type Slot = { name: string } | { constant: unknown };

interface Compiled {
  sql: string;
  slots: Slot[];
}

/** A query compiled once per dialect, run with named parameters. */
export interface PreparedQuery<D, P, R> {
  /** Runs it in `db` (a Kysely instance or a transaction); the driver's result. */
  run(db: Kysely<D>, params: P): Promise<QueryResult<R>>;
  /** Runs it and returns its rows. */
  rows(db: Kysely<D>, params: P): Promise<R[]>;
  /** Runs it and returns its first row, if any. */
  first(db: Kysely<D>, params: P): Promise<R | undefined>;
  /** Runs it and returns how many rows it changed. */
  changes(db: Kysely<D>, params: P): Promise<number>;
}

const MARK = '\u0000cityops-param\u0000';

/**
 * Prepares a query. While building, each parameter the builder reads is a placeholder string.
 *
 * With `shapeOf`, the query's shape depends on which parameters are given (a row's columns, the
 * columns an update sets): one compiled form per shape name, and the builder gets a plain
 * object with the given parameters' keys (so `values(params)` or `set(rest)` see every column).
 * @example
 * const byId = preparedQuery((db: Kysely<DB>, p: { id: string }) => db.selectFrom('cases').selectAll().where('id', '=', p.id));
 * const row = await byId.first(trx, { id });
 */
export function preparedQuery<D, P extends object, R>(
  build: (db: Kysely<D>, params: P) => Compilable<R>,
  options: { shapeOf?: (params: P) => string } = {},
): PreparedQuery<D, P, R> {
  const { shapeOf } = options;
  // One compiled form per dialect adapter (every Kysely instance and transaction of one database
  // shares its adapter; SQLite and PostgreSQL compile differently) and shape.
  const byAdapter = new WeakMap<object, Map<string, Compiled>>();

  function compiledFor(db: Kysely<D>, params: P): Compiled {
    const adapter = db.getExecutor().adapter;
    let shapes = byAdapter.get(adapter);
    if (!shapes) byAdapter.set(adapter, (shapes = new Map<string, Compiled>()));
    const shape = shapeOf ? shapeOf(params) : '';
    let c = shapes.get(shape);
    if (!c) shapes.set(shape, (c = compile(db, shapeOf ? Object.keys(params) : null)));
    return c;
  }

  function compile(db: Kysely<D>, keys: string[] | null): Compiled {
    const byPlaceholder = new Map<string, string>();
    const placeholderOf = (name: string): string => {
      const p = `${MARK}${name}`;
      byPlaceholder.set(p, name);
      return p;
    };
    const placeholders = keys
      ? Object.fromEntries(keys.map((k) => [k, placeholderOf(k)]))
      : new Proxy({}, { get: (_, name) => (typeof name === 'string' ? placeholderOf(name) : undefined) });
    const q = build(db, placeholders as P).compile();
    const seen = new Set<string>();
    const slots = q.parameters.map((v): Slot => {
      const name = typeof v === 'string' ? byPlaceholder.get(v) : undefined;
      if (name !== undefined) {
        seen.add(name);
        return { name };
      }
      if (typeof v === 'string' && v.includes(MARK))
        throw new Error(`preparedQuery: a parameter was computed from a placeholder: ${q.sql}`);
      return { constant: v };
    });
    if (q.sql.includes(MARK)) throw new Error(`preparedQuery: a parameter was written into the SQL: ${q.sql}`);
    const unbound = [...byPlaceholder.values()].filter((n) => !seen.has(n));
    if (unbound.length > 0) throw new Error(`preparedQuery: parameter(s) ${unbound.join(', ')} not bound in: ${q.sql}`);
    return { sql: q.sql, slots };
  }

  async function run(db: Kysely<D>, params: P): Promise<QueryResult<R>> {
    const c = compiledFor(db, params);
    const named = params as Record<string, unknown>;
    const values = c.slots.map((s) => {
      if (!('name' in s)) return s.constant;
      const v = named[s.name];
      if (v === undefined) throw new Error(`preparedQuery: parameter ${s.name} is undefined (give null)`);
      return v;
    });
    // On a SQLite connection its caller holds (a group-commit batch), straight to the driver.
    const sqlite = heldSqlite(db);
    if (sqlite) return runDirect<R>(sqlite, c.sql, values);
    return db.executeQuery<R>(CompiledQuery.raw(c.sql, values));
  }

  return {
    run,
    rows: async (db, params) => (await run(db, params)).rows,
    first: async (db, params) => (await run(db, params)).rows[0],
    changes: async (db, params) => Number((await run(db, params)).numAffectedRows ?? 0n),
  };
}
