/**
 * Checkpoints of a busy SQLite file taken off the event loop's commits.
 *
 * SQLite checkpoints in whichever connection commits once the write-ahead log passes 1,000
 * pages: the event loop's, unless an append worker runs (then checkpointer.ts has a thread of its
 * own do it). Short transactions committed in a steady stream (case commands, thousands a
 * second) pass that mark every few dozen commits, and each time one commit copies and syncs the
 * log (measured in the cases benchmark: the loops with no checkpoint at all took 7 % less CPU
 * and ran 20 % faster). So a transaction runner that has committed {@link BUSY_AFTER} batches
 * hands checkpoints to the checkpointer's thread for as long as the database is open; one that
 * commits a few (a test, a CLI command) starts no thread.
 */
import type SQLite from 'better-sqlite3';
import { checkpointerOf } from './checkpointer.ts';
import { writeTurnOf } from './write-turn.ts';

/** Batches committed before checkpoints move to their thread. */
export const BUSY_AFTER = 200;

const offloaded = new WeakSet<SQLite.Database>();

/** Moves the checkpoints of a file database to their thread (once; in-memory databases have none). */
export function offloadCheckpoints(sqlite: SQLite.Database): void {
  if (sqlite.memory || offloaded.has(sqlite)) return;
  offloaded.add(sqlite);
  try {
    checkpointerOf(sqlite, writeTurnOf(sqlite).buffer).acquire();
  } catch {
    // No thread (none can start here): the connection goes on checkpointing on commit.
    offloaded.delete(sqlite);
  }
}

/** Gives checkpoints back to the connection (before it closes); waits for the thread's last one. */
export async function endOffloadedCheckpoints(sqlite: SQLite.Database): Promise<void> {
  if (!offloaded.delete(sqlite)) return;
  await checkpointerOf(sqlite, writeTurnOf(sqlite).buffer).release();
}
