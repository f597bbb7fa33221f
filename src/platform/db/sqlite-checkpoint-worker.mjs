/**
 * A worker thread that checkpoints a SQLite database's write-ahead log on a timer (started by
 * checkpointer.ts while an append worker runs). SQLite otherwise checkpoints in whichever
 * connection commits once the log passes 1,000 pages — the append worker (measured: p99 of a
 * 5,000-row append 30 ms with, 10 ms without) or the event loop's. A PASSIVE checkpoint takes
 * no write lock: appends go on while it copies and syncs. Plain JavaScript: see sqlite-append.mjs.
 *
 * A PASSIVE checkpoint never leaves the log fully copied while appends go on, and SQLite starts
 * the log file over only when it is: so once the log passes `restartFrames`, the worker takes the
 * write turn (write-turn.ts: appends wait, the main connection's hot writers first) for a
 * RESTART checkpoint, which copies the little left since the last round and lets the next
 * writer start the file over.
 *
 * workerData: `{ file, intervalMs, restartFrames, turn }`. Message in: `{ close: true }` (one
 * last checkpoint, then exit).
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const port = parentPort;
if (!port) throw new Error('sqlite-checkpoint-worker.mjs runs as a worker thread');
const { file, intervalMs, restartFrames, turn } = workerData;
const words = new Int32Array(turn);
const sqlite = new SQLite(file);
sqlite.pragma('busy_timeout = 5000');
sqlite.pragma('wal_autocheckpoint = 0');

/** Takes the write turn as the append worker does (sqlite-append-worker.mjs). */
function acquire() {
  for (;;) {
    for (let want = Atomics.load(words, 1); want !== 0; want = Atomics.load(words, 1)) Atomics.wait(words, 1, want, 100);
    if (Atomics.compareExchange(words, 0, 0, 1) === 0) return;
    Atomics.wait(words, 0, 1, 100);
  }
}

function release() {
  Atomics.store(words, 0, 0);
  Atomics.notify(words, 0);
}

/**
 * The log's length when it was last RESTARTed. The file is started over only by the next writer,
 * so until one comes every PASSIVE round finds the same long, fully copied log, and each took the
 * write turn again for nothing (traced: 4 a second once the readings stopped, holding it up to
 * 3 ms). Only an unchanged log is skipped: skipping every fully copied one let the log outgrow
 * the bound of checkpointer.test.ts — its next writer does not always start it over.
 */
let restarted = -1;

function checkpoint() {
  try {
    const [round] = sqlite.pragma('wal_checkpoint(PASSIVE)');
    if (!round || round.log < restartFrames) return;
    if (round.log === restarted && round.checkpointed >= round.log) return;
    acquire();
    try {
      const [done] = sqlite.pragma('wal_checkpoint(RESTART)');
      restarted = done && done.busy === 0 ? done.log : -1;
    } finally {
      release();
    }
  } catch {
    // Busy or closing: the next round tries again.
  }
}

const timer = setInterval(checkpoint, intervalMs);
port.on('message', (m) => {
  if (!m.close) return;
  clearInterval(timer);
  checkpoint();
  sqlite.close();
  port.close();
});
