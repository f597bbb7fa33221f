/**
 * Group commit: callers submit items; one write runs at a time, and whatever arrives while it is
 * in flight goes into the next write together. Under load each transaction carries many callers'
 * items (its fixed cost — a commit, a lock, a round trip — shared among them); when idle a lone
 * item is written at once, so nobody waits for a timer.
 */

/** A queue writing submitted items in batches. */
export interface GroupCommit<T> {
  /** Resolves once the items are written (rejects if their batch failed). */
  submit(items: readonly T[]): Promise<void>;
  /** Resolves when everything submitted so far is written (or failed). */
  idle(): Promise<void>;
}

interface Waiting<T> {
  items: readonly T[];
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * Creates the queue. `maxBatch` caps the items of one write; a caller's items are never split
 * between writes unless they alone exceed it.
 * @example const q = createGroupCommit((rows) => store.append(db, rows), 2_000); await q.submit([row]);
 */
export function createGroupCommit<T>(write: (items: T[]) => Promise<void>, maxBatch: number): GroupCommit<T> {
  let queue: Waiting<T>[] = [];
  let running: Promise<void> | null = null;

  /** Takes the callers for the next write: at least one, then as many as fit in `maxBatch`. */
  function takeBatch(): Waiting<T>[] {
    let n = 0;
    let count = 0;
    while (n < queue.length && (n === 0 || count + queue[n]!.items.length <= maxBatch)) count += queue[n++]!.items.length;
    const batch = queue.slice(0, n);
    queue = queue.slice(n);
    return batch;
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = takeBatch();
      try {
        await write(batch.flatMap((w) => w.items));
        for (const w of batch) w.resolve();
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    running = null;
  }

  return {
    submit(items) {
      if (items.length === 0) return Promise.resolve();
      const done = new Promise<void>((resolve, reject) => queue.push({ items, resolve, reject }));
      running ??= drain();
      return done;
    },
    idle: () => running ?? Promise.resolve(),
  };
}
