/**
 * The checkpointer: while held, the main connection stops checkpointing on commit and a thread
 * keeps the write-ahead log from growing without end; when the last holder lets go, the main
 * connection's own setting is back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { checkpointerOf } from './checkpointer.ts';
import { writeTurnOf } from './write-turn.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function open(): { sqlite: SQLite.Database; wal: () => number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-ckpt-'));
  dirs.push(dir);
  const file = path.join(dir, 'db.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('create table t (k integer primary key, v text)');
  return { sqlite, wal: () => fs.statSync(`${file}-wal`).size };
}

describe('checkpointer', () => {
  it('takes checkpoints off the main connection while held, and gives its setting back', async () => {
    const { sqlite } = open();
    const before = sqlite.pragma('wal_autocheckpoint', { simple: true });
    const c = checkpointerOf(sqlite, writeTurnOf(sqlite).buffer);
    c.acquire();
    c.acquire();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await c.release();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await c.release();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(before);
    sqlite.close();
  });

  it('keeps the log bounded while the main connection writes without checkpointing', async () => {
    const { sqlite, wal } = open();
    const c = checkpointerOf(sqlite, writeTurnOf(sqlite).buffer);
    c.acquire();
    const insert = sqlite.prepare('insert into t (v) values (?)');
    const many = sqlite.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run('x'.repeat(500));
    });
    // ~1 MB a round, 80 rounds: without checkpoints the log would pass 80 MB.
    for (let round = 0; round < 80; round++) {
      many();
      await new Promise((r) => setTimeout(r, 30));
    }
    await c.release();
    expect(wal()).toBeLessThan(50 * 2 ** 20);
    sqlite.close();
  });
});
