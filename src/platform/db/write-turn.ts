/**
 * Turns at a SQLite database's write lock between the event loop and the append worker
 * (append-thread.ts), so that neither meets a locked database: a write on the main connection
 * that met a worker transaction used to wait in SQLite's busy handler, which sleeps — blocking
 * the event loop (measured in the pipeline benchmark: a seventh of its time). Here the event
 * loop waits asynchronously (`Atomics.waitAsync`) and the worker, whose waiting harms nobody,
 * waits blocking; main-connection writers go first, since they are short and rare.
 *
 * One lock word and one "wanted" counter in a SharedArrayBuffer the workers get at start.
 * Main-connection writers that matter for throughput (alerts, latest values, rule state) take a
 * turn; any other write simply meets SQLite's busy handler as before, for one batch at most.
 */

/** `Atomics.waitAsync` (Node ≥ 16; typed from lib ES2024, which the project's `lib` predates). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      a: Int32Array,
      index: number,
      value: number,
      timeout: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync.bind(Atomics);

/** Word 0: 1 while someone holds the turn. Word 1: main-connection writers waiting for it. */
const LOCK = 0;
const WANT = 1;

/** The turn of one database. */
export class WriteTurn {
  /** Shared with the append workers (they take the turn around each transaction). */
  readonly buffer = new SharedArrayBuffer(8);
  readonly #words = new Int32Array(this.buffer);
  #queue: Promise<unknown> = Promise.resolve();

  /**
   * Runs `fn` (writes on the main connection) while the workers wait. Calls run one after
   * another; not reentrant (a `run` inside `fn` would wait for itself).
   * @example await turn.run(() => db.transaction().execute(async (trx) => …));
   */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      await this.#acquire();
      try {
        return await fn();
      } finally {
        Atomics.store(this.#words, LOCK, 0);
        Atomics.notify(this.#words, LOCK);
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #acquire(): Promise<void> {
    const w = this.#words;
    Atomics.add(w, WANT, 1);
    // A pending waitAsync does not keep Node's event loop alive: with the turn held by a thread
    // Node does not wait for (the checkpointer's is unref'd), a process with nothing else to do
    // would exit in the middle of the wait. A timer does keep it alive, while it waits.
    let alive: NodeJS.Timeout | undefined;
    try {
      while (Atomics.compareExchange(w, LOCK, 0, 1) !== 0) {
        alive ??= setInterval(() => undefined, 1_000);
        const wait = waitAsync(w, LOCK, 1, 100);
        if (wait.async) await wait.value;
      }
    } finally {
      if (alive) clearInterval(alive);
      Atomics.sub(w, WANT, 1);
      Atomics.notify(w, WANT);
    }
  }
}

const turns = new WeakMap<object, WriteTurn>();

/**
 * The turn of the database behind `handle` (one per open SQLite connection object), created on
 * first use.
 */
export function writeTurnOf(handle: object): WriteTurn {
  let t = turns.get(handle);
  if (!t) turns.set(handle, (t = new WriteTurn()));
  return t;
}
