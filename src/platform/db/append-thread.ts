/**
 * Appends to a SQLite file from a worker thread (sqlite-append-worker.mjs) with its own
 * connection, so the inserts of the hot path — a third of the event loop's time when measured
 * in the pipeline benchmark — run on another core while the event loop validates and evaluates
 * the next batch. The event loop only copies the columns to the worker (≈ 0.1 µs a row).
 *
 * SQLite takes one writer at a time (WAL: readers are never blocked). The worker takes the
 * database's write turn (write-turn.ts) around each transaction, so the main connection's hot
 * writers, which take it too, wait for it asynchronously instead of in SQLite's busy handler;
 * any other main-connection write meets at most one worker transaction there. (Taking Kysely's
 * connection lock around each append was measured worse: it stays held until the event loop
 * gets round to the worker's answer, so writes and appends waited on each other.) The worker
 * keeps the thread alive only while an append is pending; `close()` ends it.
 */
import { Worker } from 'node:worker_threads';
import type { WriteTurn } from './write-turn.ts';

type Columns = ReadonlyArray<ReadonlyArray<string | number | null>>;

/** What the threaded appender needs. */
export interface AppendThreadOptions {
  /** Path of the SQLite database file. */
  file: string;
  spec: { table: string; columns: ReadonlyArray<{ name: string }>; key: readonly string[] };
  /** Rows per statement. */
  per: number;
  /** The database's write turn (write-turn.ts), taken by the worker around each transaction. */
  turn: WriteTurn;
  /** Checkpoints the log while the worker runs (checkpointer.ts), so that appends do not. */
  checkpointer: { acquire(): void; release(): Promise<void> };
}

interface Pending {
  resolve(out: Uint8Array): void;
  reject(e: unknown): void;
}

type Reply = { id: number; out: Uint8Array } | { id: number; error: { message: string; code: string | null } };

/** A column as sent to the worker (decoded by `unpack` in sqlite-append-worker.mjs). */
type Packed = { f64: Float64Array } | { text: string; lengths: Uint32Array } | { raw: ReadonlyArray<string | number | null> };

/**
 * Packs a column for the worker: numbers into a Float64Array and strings into one string plus
 * their lengths, both moved rather than copied value by value (the structured clone of plain
 * arrays cost the event loop ~0.4 µs a reading); anything else (nulls, mixed) as it is.
 */
function pack(column: ReadonlyArray<string | number | null>, transfer: ArrayBuffer[]): Packed {
  const n = column.length;
  const first = column[0];
  if (typeof first === 'number') {
    const f64 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = column[i];
      if (typeof v !== 'number') return { raw: column };
      f64[i] = v;
    }
    transfer.push(f64.buffer);
    return { f64 };
  }
  if (typeof first === 'string') {
    const lengths = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const v = column[i];
      if (typeof v !== 'string') return { raw: column };
      lengths[i] = v.length;
    }
    transfer.push(lengths.buffer);
    return { text: (column as readonly string[]).join(''), lengths };
  }
  return { raw: column };
}

/** A worker-thread appender: `append` resolves with 1/0 per row once the transaction committed. */
export class AppendThread {
  readonly #options: AppendThreadOptions;
  #worker: Worker | null = null;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #checkpointing = false;

  constructor(options: AppendThreadOptions) {
    this.#options = options;
  }

  /** Writes the rows in one transaction in the worker; resolves with 1 per row inserted, 0 per row skipped. */
  append(columns: Columns): Promise<Uint8Array> {
    const worker = this.#start();
    const id = this.#nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) worker.ref();
      const transfer: ArrayBuffer[] = [];
      const packed = columns.map((c) => pack(c, transfer));
      worker.postMessage({ id, columns: packed }, transfer);
    });
  }

  /** Ends the worker once the appends sent so far are done. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage({ close: true });
      await exited;
    }
    if (this.#checkpointing) {
      this.#checkpointing = false;
      await this.#options.checkpointer.release();
    }
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const { file, spec, per, turn, checkpointer } = this.#options;
    if (!this.#checkpointing) {
      checkpointer.acquire();
      this.#checkpointing = true;
    }
    const worker = new Worker(new URL('./sqlite-append-worker.mjs', import.meta.url), {
      workerData: {
        file,
        spec: { table: spec.table, columns: spec.columns.map((c) => ({ name: c.name })), key: [...spec.key] },
        per,
        turn: turn.buffer,
      },
    });
    worker.unref();
    worker.on('message', (m: Reply) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (this.#pending.size === 0) worker.unref();
      if ('out' in m) p.resolve(m.out);
      else p.reject(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
    });
    const fail = (e: unknown) => {
      if (this.#worker === worker) this.#worker = null;
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the append worker of ${spec.table} stopped (exit code ${code})`)));
    this.#worker = worker;
    return worker;
  }
}
