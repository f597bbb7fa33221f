/**
 * The transaction runner (platform/db/group-commit.ts) on every dialect: transactions started
 * together all run; one that throws — by itself or because the database refused a statement —
 * leaves nothing and rejects with its own error while the others keep their writes; each sees
 * the writes of those before it. On SQLite they share one commit: nothing of the batch is
 * visible to another connection before the commit, and everything is once a run resolves; the
 * prepared queries of a job run on the batch's connection (straight to the driver there), while
 * the same prepared query run on the database outside waits for the batch and never reads into it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';
import { getMeta, setMeta } from '../../src/platform/db/meta.ts';
import { createTransactionRunner } from '../../src/platform/db/group-commit.ts';
import { preparedQuery } from '../../src/platform/db/prepared-query.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';

const codeCount = preparedQuery((db: Kysely<DB>, p: { prefix: string }) =>
  db
    .selectFrom('case_code_seq')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('prefix', '=', p.prefix),
);
const insertCodePrepared = preparedQuery((db: Kysely<DB>, p: { prefix: string }) =>
  db.insertInto('case_code_seq').values({ prefix: p.prefix, last: 1 }),
);

async function insertCode(db: Kysely<DB>, prefix: string): Promise<void> {
  await db.insertInto('case_code_seq').values({ prefix, last: 1 }).execute();
}

describe.each(availableDialects())('transaction runner on %s', (dialect) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb(dialect);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('rolls back only the one that failed, by itself or by a refused statement', async () => {
    const { db } = t.database;
    const writer = createTransactionRunner(t.database);
    await setMeta(db, 'taken', 'before');
    await insertCode(db, 'taken');
    const runs = [
      writer.run(async (trx) => {
        await setMeta(trx, 'a', '1');
        return 'a';
      }),
      writer.run(async (trx) => {
        await setMeta(trx, 'b', '1');
        throw new Error('b gives up');
      }),
      writer.run(async (trx) => {
        await setMeta(trx, 'c', '1');
        await insertCode(trx, 'taken'); // primary key taken: the database refuses it
        return 'c';
      }),
      writer.run(async (trx) => {
        await setMeta(trx, 'd', '1');
        return 'd';
      }),
    ];
    const settled = await Promise.allSettled(runs);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(settled[0]).toMatchObject({ value: 'a' });
    expect(settled[1]).toMatchObject({ reason: new Error('b gives up') });
    expect((settled[2] as PromiseRejectedResult).reason).not.toEqual(new Error('b gives up'));
    expect(settled[3]).toMatchObject({ value: 'd' });
    expect([await getMeta(db, 'a'), await getMeta(db, 'b'), await getMeta(db, 'c'), await getMeta(db, 'd')]).toEqual([
      '1',
      undefined,
      undefined,
      '1',
    ]);
    // The database stays usable, and the runner too.
    expect(await writer.run(async (trx) => (await getMeta(trx, 'taken')) ?? null)).toBe('before');
  });

  it('lets each see the writes of those before it', async () => {
    const writer = createTransactionRunner(t.database);
    const bump = () =>
      writer.run(async (trx) => {
        const n = Number((await getMeta(trx, 'n')) ?? '0') + 1;
        await setMeta(trx, 'n', String(n));
        return n;
      });
    if (dialect === 'sqlite') expect(await Promise.all([bump(), bump(), bump()])).toEqual([1, 2, 3]);
    else for (const want of [1, 2, 3]) expect(await bump()).toBe(want);
    expect(await getMeta(t.database.db, 'n')).toBe('3');
  });

  it('runs prepared queries in the job, and those outside it only after it on SQLite', async () => {
    const { db } = t.database;
    const writer = createTransactionRunner(t.database);
    const order: string[] = [];
    let outside: Promise<number> | null = null;
    const job = writer.run(async (trx) => {
      await insertCodePrepared.run(trx, { prefix: 'p' });
      const inside = Number((await codeCount.first(trx, { prefix: 'p' }))?.n);
      // A read on the database while the batch holds the connection (SQLite) must wait for it.
      outside = codeCount.first(db, { prefix: 'p' }).then((r) => {
        order.push('outside read');
        return Number(r?.n);
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      order.push('job done');
      return inside;
    });
    expect(await job).toBe(1);
    const seen = await outside!;
    // PostgreSQL reads on another connection, with or without the row depending on timing.
    if (dialect === 'sqlite') {
      expect(order).toEqual(['job done', 'outside read']);
      expect(seen).toBe(1);
    }
  });

  it.runIf(dialect === 'sqlite')('shares one commit on SQLite, and answers only after it', async () => {
    const raw = t.database.raw;
    if (raw.dialect !== 'sqlite') throw new Error('sqlite only');
    const other = new SQLite(raw.sqlite.name, { readonly: true });
    try {
      const seenOutside = () => (other.prepare("select count(*) as n from meta where key like 'k%'").get() as { n: number }).n;
      const writer = createTransactionRunner(t.database);
      const during: number[] = [];
      const after: number[] = [];
      const runs = Array.from({ length: 5 }, (_, i) =>
        writer
          .run(async (trx) => {
            await setMeta(trx, `k${i}`, 'v');
            during.push(seenOutside());
          })
          .then(() => after.push(seenOutside())),
      );
      await Promise.all(runs);
      expect(during).toEqual([0, 0, 0, 0, 0]);
      expect(after).toEqual([5, 5, 5, 5, 5]);
    } finally {
      other.close();
    }
  });
});
