/**
 * Evaluation benchmark: `aggregateIndicators` for one district over one month, on a fresh SQLite
 * database holding 1,000,000 cases (a year of a Shanghai-sized city: 16 districts, 15 streets
 * each, 25 communities per street, 12 units per district, 30 small classes; ids and paths as
 * long as real UUIDv7 ones). The goal is < 1 s. Baseline, measured in the same run: a plain
 * `SELECT COUNT(*)` with the same row filter, i.e. the cost of just finding the rows the sums
 * read, so the ratio is what the sums, the grouping and the handling-time pass add.
 *
 * Cases are written straight through the driver (one prepared statement, 10,000-row
 * transactions), the secondary indexes rebuilt from the migration's own DDL afterwards, so the
 * queries run against exactly the indexes of migration 0005. Medians of 5 runs after a warm-up.
 * Run with `npx tsx bench/evaluation.bench.ts` (or through bench/run.ts once registered).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from './bench-row.ts';
import { createRng, type Rng } from '../scripts/demo-city/prng.ts';
import { createDb, migrateToLatest, type Database } from '../src/platform/db/create-db.ts';
import { aggregateIndicators, pathRange, type AggregateQuery } from '../src/cases/evaluation-store.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;
const DISTRICTS = 16;
const STREETS = 15;
const COMMUNITIES = 25;
const UNITS = 12;
const CATEGORIES = Array.from({ length: 30 }, (_, i) => `E0${1 + (i % 6)}${String(1 + Math.floor(i / 6)).padStart(2, '0')}`);
const NOW = Date.UTC(2026, 5, 1, 4); // 2026-06-01 12:00 Shanghai
const START = NOW - 365 * DAY;
// The last full month before NOW, in Shanghai time (UTC+8).
const MONTH_FROM = Date.UTC(2026, 3, 30, 16);
const MONTH_TO = Date.UTC(2026, 4, 31, 16);

/** A UUID-shaped id (36 chars) for kind and number, so paths are as long as real ones. */
function uuidOf(kind: number, n: number): string {
  const hex = (kind * 1_000_000_007 + n).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const CITY = uuidOf(1, 0);
const districtPath = (d: number) => `/${CITY}/${uuidOf(2, d)}/`;
const STREET_IDS = Array.from({ length: DISTRICTS * STREETS }, (_, i) => uuidOf(3, i));
const COMMUNITY_IDS = Array.from({ length: DISTRICTS * STREETS * COMMUNITIES }, (_, i) => uuidOf(4, i));
const UNIT_IDS = Array.from({ length: DISTRICTS * UNITS }, (_, i) => uuidOf(5, i));

const COLUMNS = [
  'id',
  'code',
  'source',
  'category',
  'urgency',
  'state',
  'description',
  'lon',
  'lat',
  'jurisdiction_id',
  'jurisdiction_path',
  'centre_id',
  'centre_level',
  'centre_path',
  'unit_id',
  'report_count',
  'step_name',
  'step_started_at',
  'step_due_at',
  'dispatch_count',
  'return_count',
  'rework_count',
  'extension_count',
  'escalation_count',
  'overdue_count',
  'reported_at',
  'filed_at',
  'first_dispatched_at',
  'dispatched_at',
  'handled_at',
  'handle_due_at',
  'handled_on_time',
  'closed_at',
  'closed_on_time',
  'updated_at',
  'version',
] as const;

type Row = (string | number | null)[];

/** Case i of n: reported evenly over the year, then as far along the loop as NOW allows. */
function caseRow(i: number, n: number, rng: Rng): Row {
  const d = rng.int(DISTRICTS);
  const s = rng.int(STREETS);
  const c = rng.int(COMMUNITIES);
  const street = STREET_IDS[d * STREETS + s] ?? '';
  const community = COMMUNITY_IDS[(d * STREETS + s) * COMMUNITIES + c] ?? '';
  const streetPath = `${districtPath(d)}${street}/`;
  const reported = START + Math.floor((i * (NOW - START)) / n);
  const unit = UNIT_IDS[d * UNITS + rng.int(UNITS)] ?? '';
  const chance = (p: number) => rng.next() < p;
  let state = 'closed';
  let step: [string, number, number] | null = null;
  let filed: number | null = reported + (5 + rng.int(25)) * MIN;
  let dispatched: number | null = filed + (5 + rng.int(25)) * MIN;
  let handled: number | null = dispatched + Math.floor(HOUR + rng.next() ** 2 * 72 * HOUR);
  const due = dispatched + (4 + rng.int(44)) * HOUR;
  let closed: number | null = handled + (1 + rng.int(8)) * HOUR;
  if (chance(0.03)) {
    state = 'voided';
    filed = dispatched = handled = closed = null;
  } else if (filed > NOW) {
    state = 'reported';
    filed = dispatched = handled = closed = null;
  } else if (dispatched > NOW) {
    state = 'filed';
    dispatched = handled = closed = null;
  } else if (handled > NOW) {
    state = chance(0.05) ? 'parked' : 'accepted';
    step = ['handle', dispatched, due];
    handled = closed = null;
  } else if (closed > NOW) {
    state = 'handled';
    step = ['verify', handled, handled + 4 * HOUR];
    closed = null;
  }
  const returned = dispatched !== null && chance(0.05) ? 1 : 0;
  const reworked = handled !== null && chance(0.04) ? 1 : 0;
  const extended = dispatched !== null && chance(0.03) ? 1 : 0;
  const late = handled !== null && handled > due;
  const updated = closed ?? handled ?? dispatched ?? filed ?? reported;
  return [
    uuidOf(6, i),
    `${String(310101 + d)}-${String(i).padStart(8, '0')}`,
    'citizen',
    CATEGORIES[rng.int(CATEGORIES.length)] ?? 'E0101',
    'normal',
    state,
    '暴露垃圾',
    121.2 + rng.next() * 0.6,
    31 + rng.next() * 0.5,
    community,
    `${streetPath}${community}/`,
    street,
    'street',
    streetPath,
    dispatched === null ? null : unit,
    1,
    step?.[0] ?? null,
    step?.[1] ?? null,
    step?.[2] ?? null,
    dispatched === null ? 0 : 1 + returned,
    returned,
    reworked,
    extended,
    0,
    late ? 1 : 0,
    reported,
    filed,
    dispatched,
    dispatched,
    handled,
    handled === null ? null : due,
    handled === null ? null : late ? 0 : 1,
    closed,
    closed === null ? null : late ? 0 : 1,
    updated,
    1,
  ];
}

/**
 * Writes n cases through the driver; returns the rate, cases/s. The secondary indexes are
 * dropped first and rebuilt from their own DDL afterwards (one sort each instead of a million
 * random B-tree inserts: ~10× faster), so what is measured has exactly the migration's indexes.
 */
function fill(database: Database, n: number): number {
  if (database.raw.dialect !== 'sqlite') throw new Error('the evaluation bench fills SQLite');
  const sqlite = database.raw.sqlite;
  const t0 = performance.now();
  // Bench-only, restored before anything is measured: a big cache for the index builds, and no
  // syncs (durability is not what is measured).
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('cache_size = -1000000');
  sqlite.pragma('synchronous = OFF');
  const indexes = sqlite
    .prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'cases' and sql is not null`)
    .all() as {
    name: string;
    sql: string;
  }[];
  for (const ix of indexes) sqlite.exec(`drop index "${ix.name}"`);
  const insert = sqlite.prepare(`insert into cases (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);
  const rng = createRng('bench:evaluation');
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(caseRow(i, n, rng));
  });
  for (let i = 0; i < n; i += 10_000) batch(i, Math.min(n, i + 10_000));
  for (const ix of indexes) sqlite.exec(ix.sql);
  const rate = n / ((performance.now() - t0) / 1000);
  sqlite.pragma(`cache_size = ${cacheSize}`);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  // Statistics for the planner, as a database that has lived a year would have from `optimize`.
  sqlite.pragma('analysis_limit = 1000');
  sqlite.exec('analyze');
  return rate;
}

/** Median wall time of `run` over `times` runs (after one warm-up), ms. */
async function medianMs(times: number, run: () => Promise<unknown>): Promise<number> {
  await run();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)] ?? Number.NaN;
}

/** The baseline: counting the rows the aggregate reads, with the same filter. */
function countRows(database: Database, scope: string): number {
  if (database.raw.dialect !== 'sqlite') return 0;
  const [lo, hi] = pathRange(scope);
  const row = database.raw.sqlite
    .prepare(
      `select count(*) as n from cases where jurisdiction_path >= ? and jurisdiction_path < ? and reported_at < ?
       and (state not in ('closed', 'rejected', 'merged', 'voided') or updated_at >= ?)`,
    )
    .get(lo, hi, MONTH_TO, MONTH_FROM) as { n: number };
  return row.n;
}

/**
 * Runs the evaluation benchmark and returns its rows: one district's month by unit (the goal),
 * by street and city-wide by district, each beside the COUNT(*) baseline over the same rows.
 */
export async function runEvaluationBench(options: { cases?: number } = {}): Promise<BenchRow[]> {
  const n = options.cases ?? 1_000_000;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-bench-eval-'));
  const database = await createDb({ dataDir, databaseUrl: null, databaseSchema: null });
  try {
    await migrateToLatest(database);
    const fillRate = fill(database, n);
    const district = districtPath(3);
    const city = `/${CITY}/`;
    const query = (scopePath: string, groupBy: AggregateQuery['groupBy']): AggregateQuery => ({
      from: MONTH_FROM,
      to: MONTH_TO,
      now: NOW,
      scopePath,
      groupBy,
    });
    const rows: BenchRow[] = [
      {
        name: `fill ${n.toLocaleString('en-US')} cases (prepared insert, then indexes built)`,
        value: Math.round(fillRate),
        unit: 'cases/s',
      },
    ];
    for (const [label, scope, groupBy, runs, goal] of [
      ['one district, one month, by unit', district, 'unit', 5, '< 1,000 ms over 1,000,000 cases'],
      ['one district, one month, by street', district, 'jurisdiction', 5, undefined],
      // Fewer runs: without an index on (path, updated_at) this reads every case of the city.
      ['whole city, one month, by district', city, 'jurisdiction', 3, undefined],
    ] as const) {
      let scanned = 0;
      const baselineMs = await medianMs(runs, async () => (scanned = countRows(database, scope)));
      const ms = await medianMs(runs, () => aggregateIndicators(database.db, query(scope, groupBy)));
      rows.push({
        name: `aggregateIndicators: ${label} (${scanned.toLocaleString('en-US')} cases summed)`,
        value: Math.round(ms * 10) / 10,
        unit: 'ms',
        baseline: { name: 'SELECT COUNT(*) over the same rows', value: Math.round(baselineMs * 10) / 10 },
        ...(goal ? { goal } : {}),
      });
    }
    return rows;
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cases = process.argv[2] ? Number(process.argv[2]) : undefined;
  const rows = await runEvaluationBench(cases ? { cases } : {});
  console.table(
    rows.map((r) => ({
      benchmark: r.name,
      value: `${r.value.toLocaleString('en-US')} ${r.unit}`,
      baseline: r.baseline ? `${r.baseline.value.toLocaleString('en-US')} ${r.unit} (${r.baseline.name})` : '',
      goal: r.goal ?? '',
    })),
  );
}
