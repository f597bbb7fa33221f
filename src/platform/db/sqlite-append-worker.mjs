/**
 * A worker thread that appends batches to one SQLite table on its own connection to the
 * database file (started by appender.ts), so that the inserts of the hot path run on another
 * core than the event loop. Plain JavaScript: see sqlite-append.mjs.
 *
 * workerData: `{ file, spec, per, turn }` (`turn`: the SharedArrayBuffer of write-turn.ts, taken
 * around each transaction — after any main-connection writer that waits for it).
 * Messages in: `{ id, columns }` (an append; columns packed by append-thread.ts) or `{ close: true }`.
 * Messages out, one per append: `{ id, out }` (a Uint8Array, transferred) or
 * `{ id, error: { message, code } }`.
 * The connection is set up like create-db's (WAL is a property of the file; synchronous NORMAL),
 * but waits up to a minute for the write lock: while the main connection writes, this thread
 * has nothing better to do, and giving up would refuse the readings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { sqliteAppendTransaction } from './sqlite-append.mjs';

const port = parentPort;
if (!port) throw new Error('sqlite-append-worker.mjs runs as a worker thread');
const { file, spec, per, turn } = workerData;
const words = new Int32Array(turn);
const LOCK = 0;
const WANT = 1;

/** Takes the write turn, letting main-connection writers go first (write-turn.ts). */
function acquire() {
  for (;;) {
    for (let want = Atomics.load(words, WANT); want !== 0; want = Atomics.load(words, WANT)) Atomics.wait(words, WANT, want, 100);
    if (Atomics.compareExchange(words, LOCK, 0, 1) === 0) return;
    Atomics.wait(words, LOCK, 1, 100);
  }
}

function release() {
  Atomics.store(words, LOCK, 0);
  Atomics.notify(words, LOCK);
}

const sqlite = new SQLite(file);
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma('busy_timeout = 60000');
/** Prepared at the first append: the table may not exist yet when the worker starts. */
let write = null;

/** A column as packed by append-thread.ts: `{ f64 }`, `{ text, lengths }` or `{ raw }`. */
function unpack(c) {
  if (c.f64) return c.f64;
  if (c.raw) return c.raw;
  const out = new Array(c.lengths.length);
  let at = 0;
  for (let i = 0; i < out.length; i++) {
    const end = at + c.lengths[i];
    out[i] = c.text.slice(at, end);
    at = end;
  }
  return out;
}

port.on('message', (m) => {
  if (m.close) {
    sqlite.close();
    port.close();
    return;
  }
  const columns = m.columns.map(unpack);
  const total = columns[0]?.length ?? 0;
  const out = new Uint8Array(total);
  try {
    write ??= sqliteAppendTransaction(sqlite, spec, per);
    acquire();
    try {
      write(columns, total, out);
    } finally {
      release();
    }
    port.postMessage({ id: m.id, out }, [out.buffer]);
  } catch (e) {
    port.postMessage({ id: m.id, error: { message: e instanceof Error ? e.message : String(e), code: e?.code ?? null } });
  }
});
