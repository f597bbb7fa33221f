/**
 * The audit chain on real storage, every available dialect: many entries verify; an UPDATE of one
 * row's detail, a DELETE of one row and a DELETE of the last row are each reported as exactly
 * that entry; concurrent callers produce one unbroken line; redelivered dedupe keys log once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { manualClock } from '../../src/platform/clock.ts';
import { createDb } from '../../src/platform/db/create-db.ts';
import { createAuditService, type AuditService } from '../../src/audit/service.ts';
import { sampleEntry } from './sample-entries.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';

describe.each(availableDialects())('audit chain on %s', (dialect) => {
  let t: TestDb;
  let audit: AuditService;
  beforeEach(async () => {
    t = await openTestDb(dialect);
    audit = createAuditService({ database: t.database, clock: manualClock(Date.UTC(2026, 10, 27)) });
  });
  afterEach(async () => {
    await audit.idle();
    await t.cleanup();
  });

  const seqs = async () => (await t.database.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));

  it('verifies an empty log and a long chain written in many batches', async () => {
    expect((await audit.verify()).ok).toBe(true);
    await audit.record(Array.from({ length: 2_500 }, (_, i) => sampleEntry(i)));
    for (let i = 0; i < 20; i++) await audit.record(sampleEntry(10_000 + i));
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: true, checked: 2_520, head: { seq: 2_520 }, broken: null });
    expect(await seqs()).toEqual(Array.from({ length: 2_520 }, (_, i) => i + 1));
  });

  it('reports the one row whose detail was changed in the database as altered', async () => {
    await audit.record(Array.from({ length: 50 }, (_, i) => sampleEntry(i)));
    const victim = await t.database.db.selectFrom('audit_log').select(['id', 'hash']).where('seq', '=', 17).executeTakeFirstOrThrow();
    await sql`update audit_log set detail = ${'{"masked":false,"n":16}'} where seq = 17`.execute(t.database.db);
    const report = await audit.verify();
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(16);
    expect(report.broken).toMatchObject({ kind: 'altered', seq: 17, id: victim.id, storedHash: victim.hash });
    expect(report.broken?.expectedHash).not.toBe(victim.hash);
  });

  it('reports a deleted row as missing, naming its seq and the entry found after the gap', async () => {
    await audit.record(Array.from({ length: 30 }, (_, i) => sampleEntry(i)));
    const after = await t.database.db.selectFrom('audit_log').select('id').where('seq', '=', 10).executeTakeFirstOrThrow();
    await sql`delete from audit_log where seq = 9`.execute(t.database.db);
    const report = await audit.verify();
    expect(report.broken).toMatchObject({ kind: 'missing', seq: 9, id: null, found: { seq: 10, id: after.id } });
  });

  it('reports deleted last rows as missing against the head', async () => {
    await audit.record(Array.from({ length: 12 }, (_, i) => sampleEntry(i)));
    await sql`delete from audit_log where seq >= 11`.execute(t.database.db);
    const report = await audit.verify();
    expect(report.broken).toMatchObject({ kind: 'missing', seq: 11, id: null, found: null });
    expect(report.checked).toBe(10);
  });

  it('keeps one unbroken chain under many concurrent callers, batching them', async () => {
    const callers = Array.from({ length: 200 }, (_, i) =>
      audit.record(i % 5 === 0 ? [sampleEntry(i), sampleEntry(i + 1000)] : sampleEntry(i)),
    );
    await Promise.all(callers);
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: true, checked: 240 });
    expect(await seqs()).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
  });

  // PostgreSQL only: there several processes append through their own pools. Two SQLite connections
  // in one process would wait for each other in SQLite's busy handler, which blocks the thread.
  it.runIf(dialect === 'postgres')('keeps one chain when two connection pools (as two processes) append at once', async () => {
    const second = await createDb({ dataDir: t.dataDir, databaseUrl: process.env.DATABASE_URL ?? null, databaseSchema: t.schema });
    const other = createAuditService({ database: second, clock: manualClock(Date.UTC(2026, 10, 27)) });
    try {
      const burst = (a: AuditService, from: number) =>
        Array.from({ length: 60 }, (_, i) => a.record([sampleEntry(from + i), sampleEntry(from + i + 500)]));
      await Promise.all([...burst(audit, 0), ...burst(other, 1000)]);
    } finally {
      await second.close();
    }
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 240 });
    expect(await seqs()).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
  });

  it('logs an entry with a dedupe key once, however often it is recorded', async () => {
    const e = { ...sampleEntry(1), dedupeKey: 'event-1' };
    await Promise.all([audit.record(e), audit.record([e, e])]);
    await audit.record(e);
    await audit.record(sampleEntry(2));
    const rows = await t.database.db.selectFrom('audit_log').select(['seq', 'dedupe_key']).orderBy('seq').execute();
    expect(rows.map((r) => r.dedupe_key)).toEqual(['event-1', null]);
    expect((await audit.verify()).ok).toBe(true);
  });
});
