/**
 * Cases benchmark (issue 4, performance): the closed loop and the deadline scan, on the real
 * file database `npm start` uses (SQLite, WAL, in a fresh temp data dir).
 *
 * Rows:
 * - Full loops/s: `buildServices` + `loadDemo`, then loops of report (inspector, autoDispatch:
 *   intake, file and dispatch to the street's enforcement squad in one transaction) → accept →
 *   handle (squad handler) → verify passed (inspector) → close (street dispatcher), each through
 *   `cases.report` / `cases.command` — one transaction per call, with version check, timeline and
 *   timers; on SQLite the calls that arrive together share one commit, each in a savepoint of its
 *   own (platform/db/group-commit.ts) — with LOOPS_IN_FLIGHT loops running at once like several
 *   people at their desks. Each
 *   loop reports at its own spot (≥ 90 m apart) so the duplicate check runs but finds nothing
 *   open (a loop's previous case is closed). Baseline: the raw insert rate of the same storage in
 *   the same run — rows of a timeline entry's shape into a scratch table of the same database
 *   file through a better-sqlite3 prepared statement, 1,000 rows per transaction.
 * - The same loops as transactions/s (5 per loop), beside the raw rate of one-row transactions
 *   (BEGIN; INSERT; COMMIT) — the ceiling for anything that commits once per change (the loops
 *   share commits, so they may pass it).
 * - CPU time per loop (process.cpuUsage over the measured loops), beside the CPU of one raw
 *   one-row transaction: rates swing with the other work on a shared machine, CPU per loop much
 *   less, so this is the row to compare runs by.
 * - Write-ahead log pages per loop and per shared commit: WAL_LOOPS more loops after the measured
 *   ones, with the log emptied before and not checkpointed during them, then counted from the log
 *   file (bench/cases-wal.ts) — the pages are most of what a commit costs.
 * - Deadline scan: `nextDueTimers` for the next minute over 1,000,000 pending timers spread
 *   over a month (median of 50 runs), beside the same scan over 10,000 timers at the same
 *   density (so the minute holds as many), plus a `SELECT COUNT(*)` of the 1,000,000 for scale.
 *   The timers are bulk-inserted with a prepared statement into a separate fresh database; the
 *   scan reads only `case_timers` (its `due_at` index), so the 1,000,000 `cases` rows the timers
 *   would belong to are not written (the fill runs with foreign keys off; they are back on for
 *   the scan).
 * - Peak RSS of this process, sampled every 100 ms.
 * Run with `npx tsx bench/cases.bench.ts [loops|scan]` (or through bench/run.ts once registered).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from './bench-row.ts';
import { loadConfig } from '../src/config.ts';
import { buildServices, type Services } from '../src/compose.ts';
import { loadDemo } from '../src/demo/load-demo.ts';
import { createDb, migrateToLatest, type Database } from '../src/platform/db/create-db.ts';
import { nextDueTimers } from '../src/cases/timer-store.ts';
import type { Actor } from '../src/cases/case-types.ts';
import { countWal } from './cases-wal.ts';

const LOOPS_IN_FLIGHT = 8;
const WARMUP_LOOPS = 300;
const LOOP_MS = 8_000;
const MAX_LOOPS = 50_000;
const WAL_LOOPS = 1_000;
const WAL_AUTOCHECKPOINT = 10_000;
const RAW_BATCH = 1_000;
const SCAN_RUNS = 50;
const TIMERS = 1_000_000;
const SMALL_TIMERS = 10_000;
const MINUTE = 60_000;
const DAY = 86_400_000;
const MONTH = 30 * DAY;
const started = performance.now();
const phase = (what: string) => process.stderr.write(`  cases: ${what} at ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
const fmtInt = (n: number) => n.toLocaleString('en-US');

/** Who plays which part in the loop (demo users of street 310101002, 南京东路街道). */
interface Cast {
  inspector: Actor;
  handler: Actor;
  dispatcher: Actor;
  category: string;
  spots: [number, number][];
}

export async function castOf(s: Services): Promise<Cast> {
  const street = s.geo.getByCode('310101002');
  if (!street) throw new Error('demo street 310101002 missing');
  const city = s.geo.list('city')[0];
  if (!city) throw new Error('demo city missing');
  const users = await s.directory.listUsers(city.path);
  const actor = (username: string): Actor => {
    const u = users.find((x) => x.username === username);
    if (!u) throw new Error(`demo user ${username} missing`);
    return { id: u.id, roles: u.roles, scopePath: s.directory.pathOf(u.jurisdictionId), unitId: u.unitId };
  };
  // One spot per loop, ~95 m apart on a line through the street's interior point: further than
  // the duplicate radius (50 m), all inside the street (checked).
  const [lon, lat] = street.center;
  const spots: [number, number][] = [];
  for (let k = 0; spots.length < LOOPS_IN_FLIGHT && k < 200; k++) {
    const off = (k % 2 === 0 ? 1 : -1) * Math.ceil(k / 2) * 0.001;
    const p: [number, number] = [lon + off, lat];
    const chain = s.geo.locate(p[0], p[1]);
    if (chain.some((j) => j.id === street.id)) spots.push(p);
  }
  if (spots.length < LOOPS_IN_FLIGHT) throw new Error('could not place the bench spots inside street 310101002');
  return {
    inspector: actor('inspector'),
    handler: actor('handler_enforcement'),
    dispatcher: actor('dispatcher_nanjing'),
    category: 'E0101',
    spots,
  };
}

/** One full loop; throws unless every step lands where it should. */
export async function oneLoop(s: Services, cast: Cast, spot: [number, number]): Promise<void> {
  const { case: reported } = await s.cases.report(
    {
      source: 'inspector',
      category: cast.category,
      description: 'bench: found on patrol',
      location: { lon: spot[0], lat: spot[1] },
      autoDispatch: true,
    },
    cast.inspector,
  );
  if (reported.state !== 'dispatched') throw new Error(`report ended ${reported.state}, not dispatched (duplicate or no unit?)`);
  const id = reported.id;
  const [accepted] = await s.cases.command(id, { type: 'accept' }, cast.handler, reported.version);
  const [handled] = await s.cases.command(id, { type: 'handle', result: 'bench: removed' }, cast.handler, accepted!.case.version);
  const [verified] = await s.cases.command(
    id,
    { type: 'verify', passed: true, note: 'bench: gone' },
    cast.inspector,
    handled!.case.version,
  );
  const [closed] = await s.cases.command(id, { type: 'close' }, cast.dispatcher, verified!.case.version);
  if (closed!.case.state !== 'closed') throw new Error(`loop ended ${closed!.case.state}`);
}

/** CPU time (user + system, all threads) this process used since `from`, in µs. */
function cpuSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return d.user + d.system;
}

/** Runs LOOPS_IN_FLIGHT loops at once until `ms` passed or `max` loops were done; loops, seconds and CPU µs. */
export async function runLoops(
  s: Services,
  cast: Cast,
  ms: number,
  max: number,
): Promise<{ loops: number; seconds: number; cpuUs: number }> {
  let loops = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(
    cast.spots.map(async (spot) => {
      while (performance.now() < end && loops < max) {
        loops++;
        await oneLoop(s, cast, spot);
      }
    }),
  );
  return { loops, seconds: (performance.now() - t0) / 1000, cpuUs: cpuSince(cpu0) };
}

/**
 * Runs `loops` loops with the write-ahead log emptied first and not checkpointed meanwhile, then
 * reads the log: pages written per loop and per commit (a page written by several commits counts
 * once per commit, as SQLite writes it). Afterwards the log is checkpointed as create-db.ts does.
 */
async function walPages(s: Services, cast: Cast, loops: number): Promise<{ perLoop: number; perCommit: number; commits: number }> {
  if (s.database.raw.dialect !== 'sqlite') throw new Error('the cases bench runs on SQLite');
  const sqlite = s.database.raw.sqlite;
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.pragma('wal_autocheckpoint = 0');
  try {
    const done = await runLoops(s, cast, 60_000, loops);
    const wal = countWal(`${sqlite.name}-wal`);
    return { perLoop: wal.frames / done.loops, perCommit: wal.frames / wal.commits, commits: wal.commits };
  } finally {
    sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT}`);
  }
}

/**
 * Raw prepared-statement inserts into a scratch table of the same database, `perTx` rows per
 * transaction: rows/s, and CPU µs per transaction.
 */
function rawInsertRate(database: Database, rows: number, perTx: number): { rate: number; cpuUsPerTx: number } {
  if (database.raw.dialect !== 'sqlite') throw new Error('the cases bench runs on SQLite');
  const sqlite = database.raw.sqlite;
  sqlite.exec('drop table if exists bench_scratch');
  sqlite.exec(
    'create table bench_scratch (id text primary key, case_id text not null, seq integer not null, at integer not null, payload text not null)',
  );
  const insert = sqlite.prepare('insert into bench_scratch (id, case_id, seq, at, payload) values (?, ?, ?, ?, ?)');
  const payload = JSON.stringify({ state: 'dispatched', unitId: '0190f1c2-7a4b-7c3d-9e5f-0a1b2c3d4e5f', version: 3 });
  const write = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(`r-${i.toString().padStart(12, '0')}`, `c-${i % 997}`, i, 1_780_000_000_000 + i, payload);
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < rows; i += perTx) write(i, Math.min(rows, i + perTx));
  const rate = rows / ((performance.now() - t0) / 1000);
  const cpuUsPerTx = cpuSince(cpu0) / Math.ceil(rows / perTx);
  sqlite.exec('drop table bench_scratch');
  return { rate, cpuUsPerTx };
}

async function loopRows(): Promise<BenchRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-bench-cases-'));
  const config = loadConfig({}, { dataDir, logLevel: 'silent' });
  const services = await buildServices(config);
  try {
    await loadDemo(services);
    const cast = await castOf(services);
    phase('platform and demo city loaded');
    await runLoops(services, cast, 60_000, WARMUP_LOOPS);
    phase('warm-up done');
    const { loops, seconds, cpuUs } = await runLoops(services, cast, LOOP_MS, MAX_LOOPS);
    const rate = loops / seconds;
    phase(`${fmtInt(loops)} loops measured`);
    const wal = await walPages(services, cast, WAL_LOOPS);
    phase('write-ahead log pages counted');
    const rawBatched = rawInsertRate(services.database, Math.max(50_000, loops * 5), RAW_BATCH);
    const rawSingle = rawInsertRate(services.database, 20_000, 1);
    phase('raw baselines done');
    return [
      {
        name: `Cases closed loop: report (auto-dispatch) → accept → handle → verify → close, ${LOOPS_IN_FLIGHT} in flight, ${fmtInt(loops)} loops, SQLite file`,
        value: Math.round(rate),
        unit: 'loops/s',
        baseline: {
          name: `raw prepared insert, same database, ${fmtInt(RAW_BATCH)} rows/tx`,
          value: Math.round(rawBatched.rate),
          unit: 'rows/s',
        },
        goal: '≥ 2,000 loops/s',
      },
      {
        name: 'Cases closed loop as transactions (5 per loop: report incl. file + dispatch, then 4 commands)',
        value: Math.round(rate * 5),
        unit: 'transactions/s',
        baseline: { name: 'raw prepared insert, same database, 1 row/tx', value: Math.round(rawSingle.rate), unit: 'transactions/s' },
      },
      {
        name: 'Cases closed loop: CPU time per loop (user + system, this process; steadier than rates on a shared machine)',
        value: Math.round(cpuUs / loops),
        unit: 'µs',
        baseline: { name: 'CPU per raw 1-row transaction, same database', value: Math.round(rawSingle.cpuUsPerTx * 10) / 10 },
      },
      {
        name: `Cases closed loop: write-ahead log pages written per loop (${fmtInt(WAL_LOOPS)} more loops, ${fmtInt(wal.commits)} shared commits; read from the log file)`,
        value: Math.round(wal.perLoop * 100) / 100,
        unit: 'pages',
        baseline: { name: 'pages per shared commit', value: Math.round(wal.perCommit * 10) / 10 },
      },
    ];
  } finally {
    await services.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A UUID-shaped id (36 chars) for a number, as long as the real UUIDv7 ones. */
function uuidOf(kind: number, n: number): string {
  const hex = (kind * 1_000_000_007 + n).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Fills `case_timers` with `count` timers whose due times are spread evenly but unordered (as
 * cases arrive) over `spanMs` after `now`, deterministic; rows/s.
 */
function fillTimers(database: Database, count: number, now: number, spanMs: number): number {
  if (database.raw.dialect !== 'sqlite') throw new Error('the cases bench runs on SQLite');
  const sqlite = database.raw.sqlite;
  sqlite.pragma('foreign_keys = OFF');
  const insert = sqlite.prepare(
    'insert into case_timers (id, case_id, kind, due_at, claimed_by, claimed_until) values (?, ?, ?, ?, null, null)',
  );
  // A fixed multiplicative hash: i → a fraction in [0, 1), exact in doubles for i < 3,000,000.
  const dueOf = (i: number) => now + Math.floor((((i * 2_654_435_761) % 4_294_967_296) / 4_294_967_296) * spanMs);
  const write = sqlite.transaction((a: number, b: number) => {
    for (let i = a; i < b; i++) insert.run(uuidOf(7, i), uuidOf(5, i), i % 3 === 0 ? 'step_warn' : 'step_due', dueOf(i));
  });
  const t0 = performance.now();
  for (let i = 0; i < count; i += 10_000) write(i, Math.min(count, i + 10_000));
  const rate = count / ((performance.now() - t0) / 1000);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return rate;
}

/** Median wall time of `run` over `times` runs (after one warm-up), ms. */
async function medianMs(times: number, run: (i: number) => unknown): Promise<number> {
  await run(-1);
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await run(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)] ?? Number.NaN;
}

async function scanRows(): Promise<BenchRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-bench-timers-'));
  const database = await createDb({ dataDir, databaseUrl: null, databaseSchema: null });
  try {
    await migrateToLatest(database);
    if (database.raw.dialect !== 'sqlite') throw new Error('the cases bench runs on SQLite');
    const sqlite = database.raw.sqlite;
    const now = Date.UTC(2026, 5, 1, 4);
    // Each run scans the next minute from a slightly later "now", as the scheduler would.
    let found = 0;
    const scan = async (i: number) => {
      const from = now + Math.max(0, i) * 7_919;
      found = (await nextDueTimers(database.db, { from, to: from + MINUTE, limit: 1_000 })).length;
    };
    // Baseline: 10,000 timers at the same density (spread over 1/100 of the month), so the next
    // minute holds as many due timers and only the table size differs.
    fillTimers(database, SMALL_TIMERS, now, (MONTH * SMALL_TIMERS) / TIMERS);
    const smallMs = await medianMs(SCAN_RUNS, scan);
    const smallFound = found;
    sqlite.exec('delete from case_timers');
    const fillRate = fillTimers(database, TIMERS, now, MONTH);
    phase(`${fmtInt(TIMERS)} timers filled`);
    const count = sqlite.prepare('select count(*) as n from case_timers');
    let total = 0;
    const countMs = await medianMs(5, () => (total = (count.get() as { n: number }).n));
    const ms = await medianMs(SCAN_RUNS, scan);
    if (total !== TIMERS) throw new Error(`expected ${TIMERS} timers, found ${total}`);
    return [
      {
        name: `Deadline scan: nextDueTimers for the next minute over ${fmtInt(TIMERS)} timers spread over a month (${found} due; median of ${SCAN_RUNS})`,
        value: Math.round(ms * 1000) / 1000,
        unit: 'ms',
        baseline: {
          name: `same scan over ${fmtInt(SMALL_TIMERS)} timers at the same density (${smallFound} due)`,
          value: Math.round(smallMs * 1000) / 1000,
        },
        goal: '< 50 ms',
      },
      {
        name: `For scale: SELECT COUNT(*) over the ${fmtInt(TIMERS)} timers (median of 5), a pass over the whole table`,
        value: Math.round(countMs * 10) / 10,
        unit: 'ms',
      },
      { name: 'Timer fill: prepared insert, 10,000 rows/tx, all indexes of case_timers', value: Math.round(fillRate), unit: 'rows/s' },
    ];
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs the cases benchmark (or only its `loops` or `scan` part) and returns its rows. */
export async function casesBenchRows(options: { only?: 'loops' | 'scan' } = {}): Promise<BenchRow[]> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const rows: BenchRow[] = [];
  try {
    if (options.only !== 'scan') rows.push(...(await loopRows()));
    if (options.only !== 'loops') rows.push(...(await scanRows()));
  } finally {
    clearInterval(sampler);
  }
  rows.push({ name: 'Cases bench process peak RSS (sampled every 100 ms, whole run)', value: Math.round(peak / 2 ** 20), unit: 'MB' });
  return rows;
}

/** Runs the cases benchmark and prints its table. */
export async function runCasesBench(options: { only?: 'loops' | 'scan' } = {}): Promise<void> {
  const rows = await casesBenchRows(options);
  console.table(
    rows.map((r) => ({
      benchmark: r.name,
      value: `${r.value.toLocaleString('en-US')} ${r.unit}`,
      baseline: r.baseline ? `${r.baseline.value.toLocaleString('en-US')} ${r.baseline.unit ?? r.unit} (${r.baseline.name})` : '',
      ratio: r.baseline && r.baseline.value > 0 ? `${(r.value / r.baseline.value).toPrecision(3)}×` : '',
      goal: r.goal ?? '',
    })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv[2];
  await runCasesBench(only === 'loops' || only === 'scan' ? { only } : {});
}
