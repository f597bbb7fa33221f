/**
 * A worker thread that appends batches to one SQLite table on its own connection to the
 * database file (started by appender.ts), so that the inserts of the hot path run on another
 * core than the event loop. Plain JavaScript: see sqlite-append.mjs.
 *
 * workerData: `{ file, spec, per, turn }` (`turn`: the SharedArrayBuffer of write-turn.ts, taken
 * around each transaction — after any main-connection writer that waits for it). Messages in: `{ id, columns }` (append) or `{ close: true }`.
 * Messages out, one per append: `{ id, out }` (a Uint8Array, transferred) or `{ id, error: { message, code } }`.
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

port.on('message', (m) => {
  if (m.close) {
    sqlite.close();
    port.close();
    return;
  }
  const total = m.columns[0]?.length ?? 0;
  const out = new Uint8Array(total);
  try {
    write ??= sqliteAppendTransaction(sqlite, spec, per);
    acquire();
    try {
      write(m.columns, total, out);
    } finally {
      release();
    }
    port.postMessage({ id: m.id, out }, [out.buffer]);
  } catch (e) {
    port.postMessage({ id: m.id, error: { message: e instanceof Error ? e.message : String(e), code: e?.code ?? null } });
  }
});
