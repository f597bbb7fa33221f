/**
 * Group commit: short write transactions that arrive together share one commit on SQLite.
 *
 * SQLite runs one writer at a time on our one connection, and a commit costs more than the few
 * statements of a typical command (it writes every page the transaction dirtied to the log, and
 * the log is checkpointed back into the database every thousand pages). So transactions given
 * here are queued; those that arrived while the connection was busy (or in the same turn of the
 * event loop) run one after another inside one transaction, each in a SAVEPOINT of its own. One
 * that throws is rolled back to its savepoint alone and rejects with its own error; the others
 * commit together and resolve once the commit is done — never before, so nothing is answered
 * that could still be lost. Each transaction still sees the writes of those before it in the
 * batch, exactly as if they had committed one after another, so version checks and unique
 * constraints behave as they do with one transaction each.
 *
 * PostgreSQL has many connections and real concurrency: there each transaction is its own.
 */
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import type { Database } from './create-db.ts';
import { withWriteTurn } from './appender.ts';
import { holding, runDirect } from './held-connection.ts';

/** Runs write transactions. */
export interface TransactionRunner {
  /**
   * Runs `fn` in a transaction (on SQLite: a savepoint of a shared one) and resolves with its
   * result once committed; rejects with its error, having undone its writes.
   * @example const applied = await writer.run((trx) => storeTransition(trx, result, before));
   */
  run<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T>;
}

/** Transactions per shared commit, at most: bounds how long the first one waits. */
const MAX_BATCH = 256;

interface Job {
  fn: (trx: Kysely<DB>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Creates the runner for a database.
 * @example const writer = createTransactionRunner(database); await writer.run((trx) => …);
 */
export function createTransactionRunner(database: Database): TransactionRunner {
  const raw = database.raw;
  if (raw.dialect !== 'sqlite') return { run: (fn) => database.db.transaction().execute(fn) };
  const sqlite = raw.sqlite;
  const queue: Job[] = [];
  let running = false;

  // The batch holds the connection from BEGIN to COMMIT, so its own statements, and the prepared
  // queries its jobs run, go straight to the driver (held-connection.ts).
  const exec = (text: string) => runDirect(sqlite, text, []);

  async function runBatch(conn: Kysely<DB>, jobs: Job[]): Promise<Array<{ ok: unknown } | null>> {
    const done: Array<{ ok: unknown } | null> = [];
    exec('begin');
    try {
      for (const job of jobs) {
        exec('savepoint job');
        try {
          done.push({ ok: await job.fn(conn) });
          exec('release job');
        } catch (e) {
          // Some failures (I/O, a full disk) end the whole transaction; then nothing of the batch
          // can be kept, and the error is every job's.
          if (!sqlite.inTransaction) throw e;
          exec('rollback to job');
          exec('release job');
          job.reject(e);
          done.push(null);
        }
      }
      exec('commit');
    } catch (e) {
      if (sqlite.inTransaction) exec('rollback');
      throw e;
    }
    return done;
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const jobs = queue.splice(0, MAX_BATCH);
      try {
        const done = await withWriteTurn(database, () =>
          database.db.connection().execute((conn) => holding(conn, sqlite, () => runBatch(conn, jobs))),
        );
        done.forEach((d, i) => {
          if (d) jobs[i]!.resolve(d.ok);
        });
      } catch (e) {
        // The batch did not commit: every job that had not already failed on its own fails with it.
        for (const job of jobs) job.reject(e);
      }
    }
    running = false;
  }

  return {
    run<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        if (running) return;
        running = true;
        // Wait one turn of the event loop, so the transactions started in this one join the batch.
        setImmediate(() => void drain());
      });
    },
  };
}
