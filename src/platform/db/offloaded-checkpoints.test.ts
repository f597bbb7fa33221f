/**
 * Offloaded checkpoints: a transaction runner that has committed enough batches on a SQLite file
 * hands the log checkpoints to the checkpointer's thread (the connection stops checkpointing on
 * commit); closing the database gives them back. A runner with few batches starts no thread.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb, type Database } from './create-db.ts';
import { createTransactionRunner } from './group-commit.ts';
import { BUSY_AFTER } from './offloaded-checkpoints.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function open(): Promise<{ database: Database; autocheckpoint: () => number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-offload-'));
  dirs.push(dataDir);
  const database = await createDb({ dataDir, databaseUrl: null, databaseSchema: null });
  const raw = database.raw;
  if (raw.dialect !== 'sqlite') throw new Error('sqlite only');
  return { database, autocheckpoint: () => raw.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number };
}

/** A runner on `database` and a function committing `n` more batches of one small write each. */
async function runner(database: Database): Promise<(n: number) => Promise<void>> {
  const writer = createTransactionRunner(database);
  await sql`create table t (k integer primary key)`.execute(database.db);
  let k = 0;
  return async (n) => {
    for (let i = 0; i < n; i++) await writer.run((trx) => sql`insert into t (k) values (${k++})`.execute(trx));
  };
}

describe('offloaded checkpoints', () => {
  it('moves checkpoints off a busy runner’s commits, and back when the database closes', async () => {
    const { database, autocheckpoint } = await open();
    const before = autocheckpoint();
    expect(before).toBeGreaterThan(0);
    const commit = await runner(database);
    await commit(BUSY_AFTER - 1);
    expect(autocheckpoint()).toBe(before);
    await commit(1);
    expect(autocheckpoint()).toBe(0);
    const raw = database.raw;
    await database.close();
    if (raw.dialect === 'sqlite') expect(raw.sqlite.open).toBe(false);
  });

  it('gives the connection its setting back on close', async () => {
    const { database, autocheckpoint } = await open();
    const before = autocheckpoint();
    await (
      await runner(database)
    )(BUSY_AFTER);
    expect(autocheckpoint()).toBe(0);
    const raw = database.raw;
    if (raw.dialect !== 'sqlite') throw new Error('sqlite only');
    // Seen just before the connection closes: the checkpointer's release restores the setting.
    const seen: number[] = [];
    const close = raw.sqlite.close.bind(raw.sqlite);
    raw.sqlite.close = () => {
      seen.push(autocheckpoint());
      return close();
    };
    await database.close();
    expect(seen).toEqual([before]);
  });
});
