/**
 * Group commit for check-ins: check-ins arriving together are stored in one multi-row insert
 * (one transaction, one fsync) instead of one each, and every caller is answered once its row
 * is stored. A lone check-in waits for nothing (the batch is written on the next turn of the
 * event loop); under load a batch fills while the previous one commits.
 *
 * Measured here through the service, 20,000 check-ins with 100 in flight, on a shared 2-core
 * machine: PostgreSQL 757/s with a commit per check-in → 1,521/s batched (→ 5,944/s with the
 * venue cache in service.ts); SQLite 2,208/s → 3,562/s (→ 8,702/s).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { CheckIn } from './model.ts';
import * as store from './store.ts';

interface Waiting {
  row: CheckIn;
  done(e?: Error): void;
}

/** Rows per insert: 5 parameters each stays far under both dialects' parameter limits. */
const MAX_BATCH = 500;

/** A writer that batches check-ins; `idle` resolves once nothing is waiting or being written. */
export function createCheckinWriter(db: Kysely<DB>) {
  let waiting: Waiting[] = [];
  let writing: Promise<void> | null = null;

  async function drain(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, MAX_BATCH);
      waiting = waiting.slice(batch.length);
      try {
        await store.insertCheckins(
          db,
          batch.map((w) => w.row),
        );
        for (const w of batch) w.done();
      } catch (e) {
        for (const w of batch) w.done(e instanceof Error ? e : new Error(String(e)));
      }
    }
    writing = null;
  }

  return {
    /** Stores a check-in with the others arriving now; resolves once it is stored. */
    write(row: CheckIn): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ row, done: (e) => (e === undefined ? resolve() : reject(e)) });
        // Started on the next turn so check-ins arriving in this one join the same batch.
        writing ??= new Promise<void>((r) => setImmediate(r)).then(drain);
      });
    },
    /** Resolves when every check-in handed over is stored (or failed). */
    idle: async (): Promise<void> => {
      while (writing) await writing;
    },
  };
}
