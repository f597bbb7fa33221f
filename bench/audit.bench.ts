/**
 * Audit benchmark: entries/s through `audit.record` as the registry will call it — one entry per
 * record read, from many requests at once (group commit shares transactions among them) — and
 * from a single caller awaiting each entry (no one to share with: a transaction per entry).
 *
 * Baseline, measured in the same run on a fresh database of the same dialect: plain inserts of the
 * same rows into the same `audit_log` table (same indexes), not chained — no head lock, no hash,
 * no dedupe check — in transactions as large as the group commit's under load. The ratio is what
 * the chain costs over just storing the rows.
 *
 * SQLite file by default; PostgreSQL as well when DATABASE_URL is set. Run with
 * `npx tsx bench/audit.bench.ts` or `npm run bench -- audit`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { BenchRow } from './bench-row.ts';
import { createDb, migrateToLatest, type Database } from '../src/platform/db/create-db.ts';
import { systemClock } from '../src/platform/clock.ts';
import { newId } from '../src/platform/ids.ts';
import { createAuditService } from '../src/audit/service.ts';
import type { AuditInput } from '../src/audit/model.ts';

/** Entries per measured run. */
const ENTRIES = 20_000;
/** Requests recording at once in the concurrent run. */
const CONCURRENCY = 256;
/** Rows per baseline transaction (about what a group commit carries under that load). */
const PLAIN_BATCH = CONCURRENCY;

/** A registry read as the registry module will log it. */
function readEntry(i: number): AuditInput {
  return {
    actor: { kind: 'user', userId: `0190a3c2-7b1e-7000-8000-${String(i % 500).padStart(12, '0')}`, username: `worker${i % 500}` },
    action: 'registry.read',
    subject: { kind: 'person', id: newId(), path: `/city-0001/district-${i % 16}/street-${i % 240}/` },
    purpose: 'welfare_visit',
    grantId: i % 3 === 0 ? newId() : null,
    detail: { masked: i % 3 !== 0, fields: 6 },
  };
}

/** A fresh, migrated database of the dialect, and how to throw it away. */
async function freshDb(dialect: 'sqlite' | 'postgres'): Promise<{ database: Database; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-audit-bench-'));
  const url = process.env.DATABASE_URL ?? null;
  const schema = dialect === 'postgres' ? `bench_${randomBytes(5).toString('hex')}` : null;
  const database = await createDb({ dataDir, databaseUrl: dialect === 'postgres' ? url : null, databaseSchema: schema });
  await migrateToLatest(database);
  return {
    database,
    async drop() {
      await database.close();
      if (schema && url) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Entries/s recording `ENTRIES` entries with `concurrency` callers each awaiting its own. */
async function recordRate(database: Database, concurrency: number, entries: number): Promise<number> {
  const audit = createAuditService({ database, clock: systemClock });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < entries) await audit.record(readEntry(next++));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const report = await audit.verify();
  if (!report.ok || report.checked < entries) throw new Error(`audit bench: the chain does not verify: ${JSON.stringify(report.broken)}`);
  return entries / seconds;
}

/** Entries/s verifying the chain, and reading the same rows in the same pages without verifying. */
async function verifyRates(database: Database): Promise<{ verify: number; read: number }> {
  const audit = createAuditService({ database, clock: systemClock });
  let started = performance.now();
  const report = await audit.verify();
  const verify = report.checked / ((performance.now() - started) / 1000);
  started = performance.now();
  let last = 0;
  let read = 0;
  for (;;) {
    const page = await database.db.selectFrom('audit_log').selectAll().where('seq', '>', last).orderBy('seq').limit(2_000).execute();
    read += page.length;
    if (page.length < 2_000) break;
    last = Number(page.at(-1)!.seq);
  }
  return { verify, read: read / ((performance.now() - started) / 1000) };
}

/** Entries/s inserting the same rows into audit_log unchained, `PLAIN_BATCH` a transaction. */
async function plainRate(database: Database, entries: number): Promise<number> {
  const { db } = database;
  const started = performance.now();
  for (let seq = 1; seq <= entries; seq += PLAIN_BATCH) {
    const rows = Array.from({ length: Math.min(PLAIN_BATCH, entries - seq + 1) }, (_, k) => {
      const e = readEntry(seq + k);
      const a = e.actor as { userId: string; username: string };
      return {
        seq: seq + k,
        id: newId(),
        at: Date.now(),
        actor_kind: 'user',
        actor_id: a.userId,
        actor_name: a.username,
        action: e.action,
        subject_kind: e.subject.kind,
        subject_id: e.subject.id,
        subject_path: e.subject.path,
        purpose: e.purpose ?? null,
        grant_id: e.grantId ?? null,
        outcome: 'ok',
        detail: JSON.stringify(e.detail),
        dedupe_key: null,
        prev_hash: '',
        hash: '',
      };
    });
    await db.transaction().execute((trx) => trx.insertInto('audit_log').values(rows).execute());
  }
  return entries / ((performance.now() - started) / 1000);
}

/** Runs on a fresh database each, so no run pays for the rows of another. */
async function onFresh<T>(dialect: 'sqlite' | 'postgres', fn: (database: Database) => Promise<T>): Promise<T> {
  const f = await freshDb(dialect);
  try {
    return await fn(f.database);
  } finally {
    await f.drop();
  }
}

/** The benchmark's rows. */
export async function benchAudit(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dialects: Array<'sqlite' | 'postgres'> = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  for (const dialect of dialects) {
    // A short warm-up so the JIT and the statement cache are in place for every run.
    await onFresh(dialect, (d) => recordRate(d, 16, 1_000));
    const plain = await onFresh(dialect, (d) => plainRate(d, ENTRIES));
    const [concurrent, verified] = await onFresh(
      dialect,
      async (d) => [await recordRate(d, CONCURRENCY, ENTRIES), await verifyRates(d)] as const,
    );
    const single = await onFresh(dialect, (d) => recordRate(d, 1, Math.min(ENTRIES, dialect === 'sqlite' ? 5_000 : 2_000)));
    const baseline = { name: `plain insert, ${PLAIN_BATCH} rows/txn`, value: plain };
    rows.push(
      { name: `audit record, ${CONCURRENCY} callers (${dialect})`, value: concurrent, unit: 'entries/s', baseline },
      { name: `audit record, 1 caller awaiting each (${dialect})`, value: single, unit: 'entries/s', baseline },
      {
        name: `audit verify, ${ENTRIES} entries (${dialect})`,
        value: verified.verify,
        unit: 'entries/s',
        baseline: { name: 'the same pages read, not verified', value: verified.read },
      },
    );
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchAudit());
