/**
 * The cases queries that must stay fast as tables grow can use their indexes, on every
 * available dialect: the store's own statements (captured as it runs them) are explained, on
 * PostgreSQL with sequential scans disabled so a usable index shows even on tiny tables. Guards
 * the subtree range on byte-wise paths (and that, given statistics, a broad scope pages along
 * the report-time index instead), the partial indexes (open cases, unpublished entries),
 * whose predicates the queries must spell with literals, and the deadline scan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';
import * as store from '../../src/cases/store.ts';
import { caseToRow } from '../../src/cases/row-codecs.ts';
import * as timers from '../../src/cases/timer-store.ts';
import * as supervision from '../../src/cases/supervision-store.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { sparseCase } from './case-fixtures.ts';

describe.each(availableDialects())('cases query plans on %s', (dialect) => {
  let t: TestDb;
  let captured: CompiledQuery[] = [];
  /** The same connection(s) as the test database, recording every statement run through it. */
  let recording: Kysely<DB>;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const log = (e: { query: CompiledQuery }) => void captured.push(e.query);
    const raw = t.database.raw;
    // Not destroyed: it shares the test database's driver, which the test database closes.
    recording =
      raw.dialect === 'sqlite'
        ? new Kysely<DB>({ dialect: new SqliteDialect({ database: raw.sqlite }), log })
        : new Kysely<DB>({ dialect: new PostgresDialect({ pool: raw.pool }), log });
    // A city's worth of spread for the planners' statistics: 16 districts × 10 streets.
    const cases = Array.from({ length: 4000 }, (_, i) =>
      sparseCase({
        sourceRef: `s-${i}`,
        jurisdictionPath: `/sh/d${i % 16}/s${i % 160}/`,
        reportedAt: 1e12 + i * 1000,
        category: `C${i % 50}`,
        state: i % 3 === 0 ? 'closed' : 'filed',
        location: { lon: 121 + (i % 997) / 1000, lat: 31 + (i % 1000) / 1000, address: null },
      }),
    );
    for (let i = 0; i < cases.length; i += 100)
      await t.database.db
        .insertInto('cases')
        .values(cases.slice(i, i + 100).map(caseToRow))
        .execute();
    // PostgreSQL's autovacuum and SQLite's `PRAGMA optimize` keep statistics in a real database.
    await sql`analyze cases`.execute(t.database.db);
  });
  afterAll(async () => t?.cleanup());

  /** The plan of the last statement `run` executes, as text. */
  async function planOf(run: (db: Kysely<DB>) => Promise<unknown>): Promise<string> {
    captured = [];
    await run(recording);
    const q = captured[captured.length - 1];
    if (!q) throw new Error('no statement captured');
    const raw = t.database.raw;
    if (raw.dialect === 'sqlite') {
      const rows = raw.sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as Array<{ detail: string }>;
      return rows.map((r) => r.detail).join('\n');
    }
    const client = await raw.pool.connect();
    try {
      await client.query('begin');
      await client.query('set local enable_seqscan = off');
      const res = await client.query<{ 'QUERY PLAN': string }>(`explain ${q.sql}`, q.parameters as unknown[]);
      return res.rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.query('rollback');
      client.release();
    }
  }

  it.each([
    [
      'a subtree count uses the path index (range, not LIKE)',
      'cases_jurisdiction_path',
      (db: Kysely<DB>) => store.countCases(db, '/sh/hp/'),
    ],
    [
      'the duplicate search uses the partial index of open cases',
      'cases_open_category_lat',
      (db: Kysely<DB>) =>
        store.findOpenNear(db, { category: 'C7', minLon: 121.2, maxLon: 121.21, minLat: 31.2, maxLat: 31.21, since: 0, limit: 10 }),
    ],
    [
      'the outbox reads the partial index of unpublished entries',
      'case_events_unpublished',
      (db: Kysely<DB>) => store.unpublishedEvents(db, 100),
    ],
    [
      'a source record is found by its unique index',
      'cases_source_ref',
      (db: Kysely<DB>) => store.getCaseBySourceRef(db, 'citizen', 's-3'),
    ],
    [
      'the deadline scan reads the due_at index',
      'case_timers_due',
      (db: Kysely<DB>) => timers.nextDueTimers(db, { from: 0, to: 1e13, limit: 100 }),
    ],
    [
      "a centre's open supervision orders use (to_centre_id, state)",
      'supervision_orders_centre_state',
      (db: Kysely<DB>) => supervision.listOrders(db, { state: 'open', toCentreId: 'centre-hp' }),
    ],
    [
      'a newest-first page over a broad scope walks the (reported_at, id) index',
      'cases_reported',
      (db: Kysely<DB>) => store.listCases(db, { scopePath: '/sh/', now: 0, limit: 50 }),
    ],
    [
      'a newest-first page over a narrow scope takes the path range',
      'cases_jurisdiction_path',
      (db: Kysely<DB>) => store.listCases(db, { scopePath: '/sh/d3/s3/', now: 0, limit: 50 }),
    ],
  ])('%s', async (_name, index, run) => {
    expect(await planOf(run)).toContain(index);
  });
});
