/**
 * A worker thread that appends batches to one SQLite table on its own connection to the
 * database file (started by appender.ts), so that the inserts of the hot path run on another
 * core than the event loop. Plain JavaScript: see sqlite-append.mjs.
 *
 * workerData: `{ file, spec, per, turn }` (`turn`: the SharedArrayBuffer of write-turn.ts, taken
 * around each transaction — after any main-connection writer that waits for it).
 * Messages in: `{ id, columns }` (an append; columns packed by append-thread.ts) or `{ close: true }`.
 * Messages out, one per append: `{ id, out }` (a Uint8Array, transferred) or
 * `{ id, error: { message, code } }`. Appends waiting together are written in one transaction.
 * The connection is set up like create-db's (WAL is a property of the file; synchronous NORMAL),
 * but waits up to a minute for the write lock: while the main connection writes, this thread
 * has nothing better to do, and giving up would refuse the readings.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
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

/**
 * Rows a transaction writes before it gives way. Each extra commit rewrites the B-tree's right
 * edge into the log, so appends split into parts of this size at least, not per statement.
 * (Measured, 5,000-row appends in pairs with a main-connection insert every 20 ms: its wait for
 * the lock p50 5.5-9.7 ms → 0.9 ms; the worker's CPU per row 1.75 → 2.05 µs.)
 */
const GIVE_WAY_AFTER = 2_000;

/**
 * A main-connection writer (an alert, latest values) that asks for the lock mid-append gets it
 * within about `GIVE_WAY_AFTER` rows, not after the whole group: it used to wait for up to a
 * 10,000-row transaction, and the readings pipeline behind it with it.
 */
const yieldTo = {
  wanted: (rows) => rows >= GIVE_WAY_AFTER && Atomics.load(words, WANT) !== 0,
  giveWay() {
    release();
    acquire();
  },
};

const sqlite = new SQLite(file);
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma('busy_timeout = 60000');
// Appends touch the right edge of the tables' B-trees: keep more of it cached than the default 2 MB.
sqlite.pragma('cache_size = -32768');
// The checkpoints are another thread's (checkpointer.ts): a commit here never copies the log.
sqlite.pragma('wal_autocheckpoint = 0');
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

/** Columns of several appends end to end. */
function concat(groups, total) {
  return groups[0].map((_, c) => {
    if (groups.length === 1) return groups[0][c];
    const out = new Array(total);
    let at = 0;
    for (const g of groups) {
      const col = g[c];
      for (let r = 0; r < col.length; r++) out[at++] = col[r];
    }
    return out;
  });
}

/**
 * Writes appends in one transaction and answers each. Appends already waiting join the one
 * that arrived (group commit): rows of devices interleaved in time share pages, and one commit
 * writes each page once (measured on interleaved rows: 5,000 a commit 180 k/s, 20,000 277 k/s).
 */
function writeGroup(messages) {
  const columns = messages.map((m) => m.columns.map(unpack));
  const counts = columns.map((c) => c[0]?.length ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(total);
  try {
    write ??= sqliteAppendTransaction(sqlite, spec, per);
    acquire();
    try {
      write(concat(columns, total), total, out, yieldTo);
    } finally {
      release();
    }
    let at = 0;
    messages.forEach((m, i) => {
      const own = out.slice(at, at + counts[i]);
      at += counts[i];
      port.postMessage({ id: m.id, out: own }, [own.buffer]);
    });
  } catch (e) {
    const error = { message: e instanceof Error ? e.message : String(e), code: e?.code ?? null };
    for (const m of messages) port.postMessage({ id: m.id, error });
  }
}

port.on('message', (first) => {
  const messages = [];
  let close = false;
  for (let m = first; m; m = receiveMessageOnPort(port)?.message) {
    if (m.close) {
      close = true;
      break;
    }
    messages.push(m);
  }
  if (messages.length > 0) writeGroup(messages);
  if (close) {
    sqlite.close();
    port.close();
  }
});
