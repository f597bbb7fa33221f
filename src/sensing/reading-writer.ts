/**
 * Stores validated readings in batches and passes them on. Callers (an HTTP request, each MQTT
 * payload) submit their readings and wait; submissions are gathered into batches of up to
 * `maxBatch` readings. Each batch goes through two stages in order: stored (one transaction),
 * then passed on (latest values offered, the new readings — not the duplicates — published in
 * event-time order). The stages overlap: while batch N is passed on (rules, alerts: the event
 * loop), batch N+1 is stored (SQLite: a worker thread), so neither waits for the other. A
 * caller's promise resolves only once its readings are stored and published, so an
 * acknowledgement means "stored" and a slow consumer slows producers.
 *
 * Readings newer than everything known of their key (reading-frontier.ts: nearly all of them)
 * cannot be duplicates, so they are published ahead, gathered per turn of the event loop, while
 * their batch waits for storage: an alert no longer waits for the readings' transaction (nor for
 * the batches stored before it), which set the tail of reading-to-alert latency. The others —
 * late, repeated, or of a key not looked up yet — are published after storage, if new, as before.
 *
 * Memory is bounded: at most two batches are with storage and two stored but not yet passed on;
 * past `maxQueued` readings queued before storage, submitters wait for room.
 */
import type { Appender } from '../platform/db/appender.ts';
import type { Reading } from './reading-model.ts';
import { storedValue } from './ingest-model.ts';
import type { LatestState } from './latest-state.ts';
import type { ReadingFrontier } from './reading-frontier.ts';

/** What the writer works with. */
export interface ReadingWriterDeps {
  appender: Appender;
  latest: LatestState;
  /** Passes new readings on (sorted by event time); resolves when consumers have them. */
  publish(readings: Reading[], receivedAt: number): Promise<void>;
  /** Readings per batch: a submission joins the last queued batch while it has room. */
  maxBatch?: number;
  /** Readings queued (not yet being stored) before submitters wait. */
  maxQueued?: number;
  /** When given, readings newer than their key's frontier are published ahead of storage. */
  frontier?: ReadingFrontier;
}

interface Part {
  start: number;
  count: number;
  resolve(duplicates: number): void;
  reject(e: unknown): void;
}

interface Batch {
  readings: Reading[];
  /** 1 for each reading published ahead of storage. */
  ahead: number[];
  parts: Part[];
  receivedAt: number;
}

/** Readings to publish ahead of storage at the end of this turn of the event loop. */
interface Ahead {
  readings: Reading[];
  receivedAt: number;
  published: Promise<void>;
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * Batches sent to storage at once: the next is already queued when the store finishes one, so
 * it does not wait for the event loop to hear back. Batches stored but not yet passed on: as many.
 */
const STAGE_DEPTH = 2;

/** A submission this large is written without waiting for others to join it. */
const IMMEDIATE_SUBMISSION = 500;

const emptyBatch = (): Batch => ({ readings: [], ahead: [], parts: [], receivedAt: Number.POSITIVE_INFINITY });

/** The batching writer. */
export class ReadingWriter {
  readonly #deps: ReadingWriterDeps;
  readonly #maxBatch: number;
  readonly #maxQueued: number;
  /** Batches waiting to be stored, oldest first; only the last one takes more readings. */
  #queue: Batch[] = [];
  #queuedReadings = 0;
  #running = false;
  #scheduled = false;
  #room: Array<() => void> = [];
  /** The readings gathered this turn to publish ahead, and the publications before them. */
  #ahead: Ahead | null = null;
  #aheadChain: Promise<void> = Promise.resolve();
  #stats = { batches: 0, readings: 0, duplicates: 0 };

  constructor(deps: ReadingWriterDeps) {
    this.#deps = deps;
    this.#maxBatch = deps.maxBatch ?? 10_000;
    this.#maxQueued = deps.maxQueued ?? 30_000;
  }

  /**
   * Queues readings and resolves with how many of them were duplicates, once all are stored
   * and the new ones published.
   * @example const duplicates = await writer.submit(readings, receivedAt);
   */
  async submit(readings: Reading[], receivedAt: number): Promise<number> {
    if (readings.length === 0) return 0;
    while (this.#queuedReadings >= this.#maxQueued) await new Promise<void>((r) => this.#room.push(r));
    const frontier = this.#deps.frontier;
    const ahead = new Array<number>(readings.length).fill(0);
    let published: Promise<void> | null = null;
    if (frontier) {
      for (let i = 0; i < readings.length; i++) {
        const r = readings[i]!;
        if (!frontier.advance(r.deviceId, r.metric, r.ts)) continue;
        ahead[i] = 1;
        published = this.#publishAhead(r, receivedAt);
      }
    }
    const stored = new Promise<number>((resolve, reject) => {
      let b = this.#queue[this.#queue.length - 1];
      if (!b || b.readings.length + readings.length > this.#maxBatch) this.#queue.push((b = emptyBatch()));
      b.parts.push({ start: b.readings.length, count: readings.length, resolve, reject });
      for (let i = 0; i < readings.length; i++) {
        b.readings.push(readings[i]!);
        b.ahead.push(ahead[i]!);
      }
      this.#queuedReadings += readings.length;
      if (receivedAt < b.receivedAt) b.receivedAt = receivedAt;
      // A big submission (an HTTP batch) is worth a transaction of its own at once; small ones
      // (MQTT payloads) wait for the end of this turn of the event loop to share one.
      this.#kick(this.#queue.length > 1 || b.readings.length >= this.#maxBatch || readings.length >= IMMEDIATE_SUBMISSION);
    });
    if (published === null) return stored;
    const [duplicates] = await Promise.all([stored, published]);
    return duplicates;
  }

  /** Adds a reading to this turn's publication ahead of storage; resolves once it is published. */
  #publishAhead(r: Reading, receivedAt: number): Promise<void> {
    let a = this.#ahead;
    if (!a) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const published = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.#ahead = a = { readings: [], receivedAt, published, resolve, reject };
      const gathered = a;
      setImmediate(() => {
        this.#ahead = null;
        // Stable sort: readings of equal time keep their arrival order.
        gathered.readings.sort((x, y) => x.ts - y.ts);
        this.#aheadChain = this.#aheadChain
          .then(() => this.#deps.publish(gathered.readings, gathered.receivedAt))
          .then(
            () => gathered.resolve(),
            (e: unknown) => gathered.reject(e),
          );
      });
    }
    a.readings.push(r);
    if (receivedAt < a.receivedAt) a.receivedAt = receivedAt;
    return a.published;
  }

  /** Resolves once everything submitted so far is stored and passed on (for an orderly stop). */
  async idle(): Promise<void> {
    while (this.#running || this.#scheduled || this.#queue.length > 0 || this.#ahead) await new Promise((r) => setTimeout(r, 5));
    await this.#aheadChain;
  }

  /** Batches written, readings and duplicates since start. */
  stats(): { batches: number; readings: number; duplicates: number } {
    return { ...this.#stats };
  }

  /** Starts the stages now (a batch is full) or at the end of this turn of the event loop. */
  #kick(now: boolean): void {
    if (this.#running) return;
    if (now) {
      void this.#run();
      return;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#running) void this.#run();
    });
  }

  #take(): Batch | undefined {
    const batch = this.#queue.shift();
    if (!batch) return undefined;
    this.#queuedReadings -= batch.readings.length;
    for (const wake of this.#room.splice(0)) wake();
    return batch;
  }

  /** Stores batch after batch; each one is passed on after the one before it, while the next is stored. */
  async #run(): Promise<void> {
    this.#running = true;
    let passing: Promise<void> = Promise.resolve();
    const storing: Array<Promise<unknown>> = [];
    const passings: Array<Promise<void>> = [];
    try {
      for (;;) {
        const batch = this.#take();
        if (!batch) {
          await passing;
          if (this.#queue.length === 0) break;
          continue;
        }
        const stored = this.#store(batch);
        const previous = passing;
        passing = Promise.all([stored, previous]).then(([inserted]) => (inserted ? this.#passOn(batch, inserted) : undefined));
        storing.push(stored);
        passings.push(passing);
        // Bounded: at most STAGE_DEPTH batches sent to storage and not yet stored, and as many
        // stored but not yet passed on, before the next one is taken.
        while (storing.length >= STAGE_DEPTH) await storing.shift();
        while (passings.length > STAGE_DEPTH) await passings.shift();
      }
    } finally {
      this.#running = false;
    }
  }

  /** Stores a batch; null (its callers told) when storage failed. */
  async #store(batch: Batch): Promise<Uint8Array | null> {
    const { readings } = batch;
    const n = readings.length;
    const ts = new Array<number>(n);
    const ids = new Array<string>(n);
    const metrics = new Array<string>(n);
    const values = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const r = readings[i]!;
      ts[i] = r.ts;
      ids[i] = r.deviceId;
      metrics[i] = r.metric;
      values[i] = storedValue(r.value);
    }
    try {
      return await this.#deps.appender.append([ts, ids, metrics, values]);
    } catch (e) {
      for (const p of batch.parts) p.reject(e);
      return null;
    }
  }

  async #passOn(batch: Batch, inserted: Uint8Array): Promise<void> {
    const { readings, ahead, parts } = batch;
    try {
      const n = readings.length;
      const fresh: Reading[] = [];
      let stored = 0;
      const { latest } = this.#deps;
      for (let i = 0; i < n; i++) {
        if (inserted[i] !== 1) continue;
        const r = readings[i]!;
        stored++;
        if (ahead[i] !== 1) fresh.push(r);
        latest.offer(r.deviceId, r.metric, r.ts, storedValue(r.value));
      }
      if (latest.immediate) await latest.flush();
      // Stable sort: readings of equal time keep their arrival order.
      fresh.sort((a, b) => a.ts - b.ts);
      if (fresh.length > 0) await this.#deps.publish(fresh, batch.receivedAt);
      this.#stats.batches++;
      this.#stats.readings += n;
      this.#stats.duplicates += n - stored;
      for (const p of parts) {
        let dup = 0;
        for (let i = p.start; i < p.start + p.count; i++) if (inserted[i] !== 1) dup++;
        p.resolve(dup);
      }
    } catch (e) {
      for (const p of parts) p.reject(e);
    }
  }
}
