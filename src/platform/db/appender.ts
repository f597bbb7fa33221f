/**
 * Batch writes for append-heavy keyed tables (time series and their latest values): with
 * `create-db.ts`, the only dialect-aware file. Kysely re-prepares every statement, so the hot
 * path talks to the driver: on SQLite, prepared multi-row `INSERT … ON CONFLICT DO NOTHING`
 * statements in one transaction — written by a worker thread on its own connection when the
 * database is a file (append-thread.ts: the inserts run on another core), else under Kysely's
 * connection lock; on PostgreSQL one `INSERT … SELECT FROM unnest($1::int8[], …)` per chunk.
 *
 * Keyed tables are clustered on their key where the engine can (SQLite `WITHOUT ROWID`), so a
 * key that starts with the event time appends near the end of one B-tree instead of touching a
 * page per device (see shared/DESIGN.md §4 on why a (device, ts) index kills insert speed).
 * Knows no domain word: tables and columns are named by the caller.
 */
import { sql, type Kysely } from 'kysely';
import type SQLite from 'better-sqlite3';
import type pg from 'pg';
import { AppendThread } from './append-thread.ts';
import { writeTurnOf } from './write-turn.ts';
import { checkpointerOf } from './checkpointer.ts';
import { flatten, sqliteAppendTransaction } from './sqlite-append.mjs';

/**
 * The driver under Kysely (exposed by create-db's `Database.raw`), for this file only: the hot
 * path needs prepared multi-row statements (SQLite) or array parameters (PostgreSQL) that
 * Kysely would re-prepare on every call.
 */
export type RawHandle = { dialect: 'sqlite'; sqlite: SQLite.Database } | { dialect: 'postgres'; pool: pg.Pool };

/**
 * What the appender needs of an open database; create-db's `Database` is one. (Declared here
 * rather than imported so that migrations can use this file without an import cycle.)
 */
export interface AppendTarget {
  db: { connection(): { execute<T>(callback: (connection: unknown) => Promise<T>): Promise<T> } };
  raw: RawHandle;
}

/** Column types an appender can write. */
export type ColumnType = 'text' | 'bigint' | 'double' | 'integer';

/** One value as bound to a statement. */
export type SqlValue = string | number | null;

/** A table written in batches: its columns (in the order rows are given) and unique key. */
export interface KeyedTableSpec {
  table: string;
  columns: ReadonlyArray<{ name: string; type: ColumnType; nullable?: boolean }>;
  /** Primary key columns; rows with a key already stored are skipped (or upserted). */
  key: readonly string[];
}

/** Values column by column: `columns[i][r]` is column i of row r; all arrays equally long. */
export type Columns = ReadonlyArray<ReadonlyArray<SqlValue>>;

/** Appends rows, skipping those whose key exists. */
export interface Appender {
  /**
   * Inserts the rows in one transaction. A row whose key is already stored, or appears earlier
   * in the same call, is skipped. Returns 1 for each row inserted and 0 for each one skipped.
   * @example await appender.append([[t1, t2], ['dev-1', 'dev-1'], [1.5, 2]]) // Uint8Array [1, 1]
   */
  append(columns: Columns): Promise<Uint8Array>;
  /** Lets go of what the appender holds (SQLite: its worker thread), after the appends under way. */
  close(): Promise<void>;
}

/** Writes rows by key, keeping the stored row when it is newer. */
export interface Upserter {
  /**
   * Inserts rows or replaces stored ones with the same key, but only where the row's `newer`
   * column is greater than the stored one. Rows repeating a key within one call are reduced to
   * the newest first.
   */
  upsertNewer(columns: Columns): Promise<void>;
}

const SQL_TYPES = { text: 'text', bigint: 'bigint', double: 'double precision', integer: 'integer' } as const;
const PG_ARRAYS = { text: 'text[]', bigint: 'int8[]', double: 'float8[]', integer: 'int4[]' } as const;
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Which engine a Kysely instance (or migration transaction) talks to, from public API only:
 * PostgreSQL numbers its parameters (`$1`), SQLite does not.
 * @example if (dialectOf(db) === 'sqlite') …
 */
export function dialectOf(db: Kysely<unknown>): RawHandle['dialect'] {
  return sql`select ${0}`.compile(db).sql.includes('$1') ? 'postgres' : 'sqlite';
}

function checkSpec(spec: KeyedTableSpec): void {
  const names = spec.columns.map((c) => c.name);
  for (const n of [spec.table, ...names]) if (!IDENTIFIER.test(n)) throw new Error(`appender: bad identifier ${JSON.stringify(n)}`);
  if (spec.key.length === 0 || spec.key.some((k) => !names.includes(k)))
    throw new Error(`appender: key of ${spec.table} must name its columns`);
}

/**
 * Creates a keyed table (for migrations): SQLite stores it as a `WITHOUT ROWID` B-tree on the
 * key; PostgreSQL as a heap with a primary-key index.
 * @example await createKeyedTable(db, { table: 'samples', columns: [...], key: ['ts', 'source'] });
 */
export async function createKeyedTable(db: Kysely<unknown>, spec: KeyedTableSpec): Promise<void> {
  checkSpec(spec);
  let builder = db.schema.createTable(spec.table);
  for (const c of spec.columns) builder = builder.addColumn(c.name, SQL_TYPES[c.type], (col) => (c.nullable ? col : col.notNull()));
  builder = builder.addPrimaryKeyConstraint(`${spec.table}_pkey`, [...spec.key] as never[]);
  if (dialectOf(db) === 'sqlite') builder = builder.modifyEnd(sql`without rowid`);
  await builder.execute();
}

function rowCount(columns: Columns, width: number): number {
  if (columns.length !== width) throw new Error(`appender: expected ${width} columns, got ${columns.length}`);
  const n = columns[0]?.length ?? 0;
  if (columns.some((c) => c.length !== n)) throw new Error('appender: columns differ in length');
  return n;
}

/** Keeps, per key, the row with the greatest `newer` value (the later one on ties). */
function newestPerKey(columns: Columns, keyIdx: readonly number[], newerIdx: number): Columns {
  const n = columns[0]?.length ?? 0;
  const best = new Map<string, number>();
  const newer = columns[newerIdx]!;
  for (let r = 0; r < n; r++) {
    const k = keyIdx.map((i) => String(columns[i]![r])).join('\u0001');
    const seen = best.get(k);
    if (seen === undefined || Number(newer[r]) >= Number(newer[seen])) best.set(k, r);
  }
  if (best.size === n) return columns;
  const rows = [...best.values()].sort((a, b) => a - b);
  return columns.map((c) => rows.map((r) => c[r] ?? null));
}

/**
 * Runs `fn` — writes on the main connection — in its turn with the append workers of the same
 * SQLite database (write-turn.ts), so it never waits for one of them in SQLite's busy handler,
 * which would block the event loop. For the writers on the hot path (alerts, latest values, rule
 * state); on PostgreSQL it just runs `fn`. Not reentrant.
 * @example await withWriteTurn(database, () => db.transaction().execute(async (trx) => …));
 */
export function withWriteTurn<T>(database: AppendTarget, fn: () => Promise<T>): Promise<T> {
  return database.raw.dialect === 'sqlite' ? writeTurnOf(database.raw.sqlite).run(fn) : fn();
}

/**
 * Creates an appender for a keyed table.
 * @example const readings = createAppender(database, spec); const inserted = await readings.append(cols);
 */
export function createAppender(
  database: AppendTarget,
  spec: KeyedTableSpec,
  options: { rowsPerStatement?: number; thread?: boolean } = {},
): Appender {
  checkSpec(spec);
  const raw = database.raw;
  if (raw.dialect === 'sqlite') return sqliteAppender(database, raw.sqlite, spec, options.rowsPerStatement ?? 100, options.thread ?? true);
  return pgAppender(raw.pool, spec, options.rowsPerStatement ?? 10_000);
}

/**
 * Creates an upserter that keeps the newest row per key (by the `newer` column).
 * @example const latest = createUpserter(database, spec, 'ts'); await latest.upsertNewer(cols);
 */
export function createUpserter(database: AppendTarget, spec: KeyedTableSpec, newer: string): Upserter {
  checkSpec(spec);
  const names = spec.columns.map((c) => c.name);
  const newerIdx = names.indexOf(newer);
  if (newerIdx < 0) throw new Error(`appender: ${newer} is not a column of ${spec.table}`);
  const keyIdx = spec.key.map((k) => names.indexOf(k));
  const t = spec.table;
  const set = names
    .filter((n) => !spec.key.includes(n))
    .map((n) => `${n} = excluded.${n}`)
    .join(', ');
  const conflict = `on conflict (${spec.key.join(', ')}) do update set ${set} where excluded.${newer} > ${t}.${newer}`;
  const raw = database.raw;
  if (raw.dialect === 'sqlite') {
    const sqlite = raw.sqlite;
    const per = 100;
    const statements = new Map<number, SQLite.Statement>();
    const tuple = `(${names.map(() => '?').join(', ')})`;
    const statement = (n: number) => {
      let s = statements.get(n);
      if (!s) {
        s = sqlite.prepare(`insert into ${t} (${names.join(', ')}) values ${new Array<string>(n).fill(tuple).join(', ')} ${conflict}`);
        statements.set(n, s);
      }
      return s;
    };
    const write = sqlite.transaction((columns: Columns, total: number) => {
      for (let start = 0; start < total; start += per) {
        const n = Math.min(per, total - start);
        statement(n).run(flatten(columns, start, n, new Array<SqlValue>(n * names.length)));
      }
    });
    return {
      async upsertNewer(columns) {
        const rows = newestPerKey(columns, keyIdx, newerIdx);
        const total = rowCount(rows, names.length);
        if (total === 0) return;
        await withWriteTurn(database, () => database.db.connection().execute(async () => write(rows, total)));
      },
    };
  }
  const pool = raw.pool;
  const casts = spec.columns.map((c, i) => `$${i + 1}::${PG_ARRAYS[c.type]}`).join(', ');
  const text = `insert into ${t} (${names.join(', ')}) select * from unnest(${casts}) ${conflict}`;
  return {
    async upsertNewer(columns) {
      const rows = newestPerKey(columns, keyIdx, newerIdx);
      if (rowCount(rows, names.length) === 0) return;
      await pool.query({ name: `upsert_${t}`, text, values: rows.map((c) => [...c]) });
    },
  };
}

function sqliteAppender(database: AppendTarget, sqlite: SQLite.Database, spec: KeyedTableSpec, per: number, thread: boolean): Appender {
  const width = spec.columns.length;
  if (thread && !sqlite.memory) {
    const turn = writeTurnOf(sqlite);
    const worker = new AppendThread({ file: sqlite.name, spec, per, turn, checkpointer: checkpointerOf(sqlite, turn.buffer) });
    return {
      async append(columns) {
        if (rowCount(columns, width) === 0) return new Uint8Array(0);
        return worker.append(columns);
      },
      close: () => worker.close(),
    };
  }
  const write = sqliteAppendTransaction(sqlite, spec, per);
  return {
    async append(columns) {
      const total = rowCount(columns, width);
      const out = new Uint8Array(total);
      if (total === 0) return out;
      await database.db.connection().execute(async () => write(columns, total, out));
      return out;
    },
    close: async () => undefined,
  };
}

function pgAppender(pool: pg.Pool, spec: KeyedTableSpec, per: number): Appender {
  const names = spec.columns.map((c) => c.name);
  const keyIdx = spec.key.map((k) => names.indexOf(k));
  const casts = spec.columns.map((c, i) => `$${i + 1}::${PG_ARRAYS[c.type]}`).join(', ');
  const text =
    `insert into ${spec.table} (${names.join(', ')}) select * from unnest(${casts}) ` +
    `on conflict (${spec.key.join(', ')}) do nothing returning ${spec.key.join(', ')}`;
  const keyOf = (values: ReadonlyArray<unknown>) => values.map((v) => String(v)).join('\u0001');

  /** Marks which rows of [start, start+n) the returned keys belong to (first occurrence wins). */
  function mark(columns: Columns, start: number, n: number, returned: unknown[][], out: Uint8Array): void {
    if (returned.length === n) {
      out.fill(1, start, start + n);
      return;
    }
    const rowsByKey = new Map<string, number[]>();
    for (let r = start; r < start + n; r++) {
      const k = keyOf(keyIdx.map((i) => columns[i]![r]));
      const list = rowsByKey.get(k);
      if (list) list.push(r);
      else rowsByKey.set(k, [r]);
    }
    for (const row of returned) {
      const first = rowsByKey.get(keyOf(row))?.[0];
      if (first !== undefined) out[first] = 1;
    }
  }

  async function chunk(client: pg.Pool | pg.PoolClient, columns: Columns, start: number, n: number, out: Uint8Array): Promise<void> {
    const values = columns.map((c) => c.slice(start, start + n));
    const res = await client.query<unknown[]>({ name: `append_${spec.table}`, text, values, rowMode: 'array' });
    mark(columns, start, n, res.rows, out);
  }

  return {
    async append(columns) {
      const total = rowCount(columns, names.length);
      const out = new Uint8Array(total);
      if (total === 0) return out;
      if (total <= per) {
        await chunk(pool, columns, 0, total, out);
        return out;
      }
      const client = await pool.connect();
      try {
        await client.query('begin');
        for (let start = 0; start < total; start += per) await chunk(client, columns, start, Math.min(per, total - start), out);
        await client.query('commit');
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
      return out;
    },
    close: async () => undefined,
  };
}
