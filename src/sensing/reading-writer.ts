/**
 * Stores validated readings in batches and passes them on. Callers (an HTTP request, each MQTT
 * payload) submit their readings and wait; everything submitted while the previous batch was
 * being written goes out as the next batch — one transaction, then the new readings (not the
 * duplicates) are published in event-time order. A caller's promise resolves only once its
 * readings are stored and published, so acknowledgements mean "stored" and a slow consumer
 * slows producers. Queued readings are bounded: past `maxQueued`, submitters wait for room.
 */
import type { Appender } from '../platform/db/appender.ts';
import type { Reading } from './reading-model.ts';
import { storedValue } from './ingest-model.ts';
import type { LatestState } from './latest-state.ts';

/** What the writer works with. */
export interface ReadingWriterDeps {
  appender: Appender;
  latest: LatestState;
  /** Passes new readings on (sorted by event time); resolves when consumers have them. */
  publish(readings: Reading[], receivedAt: number): Promise<void>;
  /** Readings per batch before a batch is cut without waiting for the event loop to turn. */
  maxBatch?: number;
  /** Readings queued (not yet being written) before submitters wait. */
  maxQueued?: number;
}

interface Part {
  start: number;
  count: number;
  resolve(duplicates: number): void;
  reject(e: unknown): void;
}

interface Batch {
  readings: Reading[];
  parts: Part[];
  receivedAt: number;
}

/** A submission this large is written without waiting for others to join it. */
const IMMEDIATE_SUBMISSION = 500;

const emptyBatch = (): Batch => ({ readings: [], parts: [], receivedAt: Number.POSITIVE_INFINITY });

/** The batching writer. */
export class ReadingWriter {
  readonly #deps: ReadingWriterDeps;
  readonly #maxBatch: number;
  readonly #maxQueued: number;
  #queued: Batch = emptyBatch();
  #writing = false;
  #scheduled = false;
  #room: Array<() => void> = [];
  #stats = { batches: 0, readings: 0, duplicates: 0 };

  constructor(deps: ReadingWriterDeps) {
    this.#deps = deps;
    this.#maxBatch = deps.maxBatch ?? 10_000;
    this.#maxQueued = deps.maxQueued ?? 200_000;
  }

  /**
   * Queues readings and resolves with how many of them were duplicates, once all are stored
   * and the new ones published.
   * @example const duplicates = await writer.submit(readings, receivedAt);
   */
  async submit(readings: Reading[], receivedAt: number): Promise<number> {
    if (readings.length === 0) return 0;
    while (this.#queued.readings.length >= this.#maxQueued) await new Promise<void>((r) => this.#room.push(r));
    return new Promise<number>((resolve, reject) => {
      const b = this.#queued;
      b.parts.push({ start: b.readings.length, count: readings.length, resolve, reject });
      for (const r of readings) b.readings.push(r);
      if (receivedAt < b.receivedAt) b.receivedAt = receivedAt;
      // A big submission (an HTTP batch) is worth a transaction of its own at once; small ones
      // (MQTT payloads) wait for the end of this turn of the event loop to share one.
      this.#kick(b.readings.length >= this.#maxBatch || readings.length >= IMMEDIATE_SUBMISSION);
    });
  }

  /** Resolves once everything submitted so far is written (for an orderly stop). */
  async idle(): Promise<void> {
    while (this.#writing || this.#scheduled || this.#queued.readings.length > 0) await new Promise((r) => setTimeout(r, 5));
  }

  /** Batches written, readings and duplicates since start. */
  stats(): { batches: number; readings: number; duplicates: number } {
    return { ...this.#stats };
  }

  /** Starts a write now (when full) or at the end of this turn of the event loop. */
  #kick(now: boolean): void {
    if (this.#writing) return;
    if (now) {
      void this.#drain();
      return;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#writing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#queued.readings.length > 0) {
        const batch = this.#queued;
        this.#queued = emptyBatch();
        for (const wake of this.#room.splice(0)) wake();
        await this.#write(batch);
      }
    } finally {
      this.#writing = false;
    }
  }

  async #write(batch: Batch): Promise<void> {
    const { readings, parts } = batch;
    try {
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
      const inserted = await this.#deps.appender.append([ts, ids, metrics, values]);
      const fresh: Reading[] = [];
      for (let i = 0; i < n; i++) {
        if (inserted[i] !== 1) continue;
        fresh.push(readings[i]!);
        this.#deps.latest.offer(ids[i]!, metrics[i]!, ts[i]!, values[i]!);
      }
      if (this.#deps.latest.immediate) await this.#deps.latest.flush();
      // Stable sort: readings of equal time keep their arrival order.
      fresh.sort((a, b) => a.ts - b.ts);
      if (fresh.length > 0) await this.#deps.publish(fresh, batch.receivedAt);
      this.#stats.batches++;
      this.#stats.readings += n;
      this.#stats.duplicates += n - fresh.length;
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
