/**
 * Takes a SQLite database's write-ahead-log checkpoints out of its writers while append workers
 * run: a thread of its own (sqlite-checkpoint-worker.mjs) checkpoints every quarter second (and
 * starts the log file over in its write turn once it is long), and the main connection stops
 * checkpointing on commit (`wal_autocheckpoint = 0`) — else a commit of the event loop could
 * copy and sync megabytes of log. When the last user lets go, the
 * thread ends and the main connection's own setting comes back.
 */
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

const INTERVAL_MS = 250;
/** Log pages past which the log file is started over (16 MB of 4 KB pages). */
const RESTART_FRAMES = 4096;

/** The checkpointer of one database (one per open connection object). */
export class Checkpointer {
  readonly #sqlite: SQLite.Database;
  readonly #turn: SharedArrayBuffer;
  #users = 0;
  #worker: Worker | null = null;
  #saved: number | null = null;

  constructor(sqlite: SQLite.Database, turn: SharedArrayBuffer) {
    this.#sqlite = sqlite;
    this.#turn = turn;
  }

  /** Starts checkpointing from its thread (if not yet) for one more user. */
  acquire(): void {
    if (this.#users++ > 0) return;
    this.#saved = this.#sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.#sqlite.pragma('wal_autocheckpoint = 0');
    const worker = new Worker(new URL('./sqlite-checkpoint-worker.mjs', import.meta.url), {
      workerData: { file: this.#sqlite.name, intervalMs: INTERVAL_MS, restartFrames: RESTART_FRAMES, turn: this.#turn },
    });
    worker.unref();
    worker.on('error', () => this.#restore());
    this.#worker = worker;
  }

  /** One user fewer; the last one ends the thread (after a last checkpoint). */
  async release(): Promise<void> {
    if (this.#users === 0 || --this.#users > 0) return;
    const worker = this.#worker;
    this.#worker = null;
    this.#restore();
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref();
    worker.postMessage({ close: true });
    await exited;
  }

  #restore(): void {
    if (this.#saved !== null && this.#sqlite.open) this.#sqlite.pragma(`wal_autocheckpoint = ${this.#saved}`);
    this.#saved = null;
  }
}

const checkpointers = new WeakMap<SQLite.Database, Checkpointer>();

/** The checkpointer of a connection's database, created on first use; `turn`: the database's write turn. */
export function checkpointerOf(sqlite: SQLite.Database, turn: SharedArrayBuffer): Checkpointer {
  let c = checkpointers.get(sqlite);
  if (!c) checkpointers.set(sqlite, (c = new Checkpointer(sqlite, turn)));
  return c;
}
