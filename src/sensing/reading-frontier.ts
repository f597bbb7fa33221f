/**
 * The newest event time known per (device, metric): of the readings stored before this process
 * saw the key (read from the latest values table on first sight) and of every reading submitted
 * since. A reading newer than its key's frontier cannot be stored yet — neither a duplicate nor
 * a late one — so the writer passes it on to the rules at once, without waiting for storage to
 * say whether it was new (reading-writer.ts). Readings of keys still being looked up, and those
 * not newer than the frontier, wait for storage as before.
 *
 * Assumes this process is the only one storing the key's readings since it looked the key up
 * (true of one platform process; with several ingest processes a reading sent to two of them
 * could be evaluated by both), and that the latest values table holds every stored key's newest
 * time (the sensing service rebuilds what a crash left out from recent readings at start).
 * Memory: one number per key ever seen, under the registry's copy of the device id (about 55
 * bytes a key, ~70 a device of the mixed city: `npm run bench -- rules-memory`).
 */

/** Stored latest times of keys, from the latest values table. */
export type LatestLookup = (deviceIds: readonly string[]) => Promise<ReadonlyArray<{ deviceId: string; metric: string; ts: number }>>;

/** Per-key frontier of event times. */
export class ReadingFrontier {
  /** metric → device → newest event time (−∞ while the key is being looked up). */
  readonly #known = new Map<string, Map<string, number>>();
  /** Devices whose keys are being looked up, with the newest time submitted per metric meanwhile. */
  readonly #loading = new Map<string, Map<string, number>>();
  /** Devices to look up at the next round. */
  #queued = new Set<string>();
  #scheduled = false;
  /** The next round waits for a timer after a failed lookup. */
  #retrying = false;
  #running: Promise<void> | null = null;
  readonly #lookup: LatestLookup;
  readonly #onError: (e: unknown) => void;
  readonly #canonicalId: (deviceId: string) => string;

  /**
   * `canonicalId` gives the registry's own copy of a device id: a key is kept for good, and a
   * reading's id is a string of its own — often a slice of the payload it came in, which would
   * keep the whole payload alive with it.
   */
  constructor(lookup: LatestLookup, onError: (e: unknown) => void, canonicalId: (deviceId: string) => string = (id) => id) {
    this.#lookup = lookup;
    this.#onError = onError;
    this.#canonicalId = canonicalId;
  }

  /**
   * Records a submitted reading; true when it is newer than everything known for its key (so
   * it cannot be stored yet), false when storage must tell (a possible duplicate, a late reading,
   * a key not known yet).
   */
  advance(deviceId: string, metric: string, ts: number): boolean {
    const byDevice = this.#known.get(metric);
    const known = byDevice?.get(deviceId);
    if (known !== undefined) {
      if (ts <= known) return false;
      byDevice!.set(deviceId, ts);
      return true;
    }
    let loading = this.#loading.get(deviceId);
    if (!loading) {
      const id = this.#canonicalId(deviceId);
      this.#loading.set(id, (loading = new Map<string, number>()));
      this.#queued.add(id);
      this.#schedule();
    }
    const seen = loading.get(metric);
    if (seen === undefined || ts > seen) loading.set(metric, ts);
    return false;
  }

  /** Keys known. */
  get size(): number {
    let n = 0;
    for (const m of this.#known.values()) n += m.size;
    return n;
  }

  /** Resolves once the lookups asked for so far are answered (or failed, to be retried later). */
  async settled(): Promise<void> {
    while (this.#running || (this.#scheduled && !this.#retrying)) await (this.#running ?? new Promise((r) => setImmediate(r)));
  }

  #schedule(afterMs = 0): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#retrying = afterMs > 0;
    const run = () => {
      this.#running = this.#round().finally(() => (this.#running = null));
    };
    if (afterMs > 0) setTimeout(run, afterMs).unref();
    else setImmediate(run);
  }

  /** Looks the queued devices up; until it answers, their readings wait for storage. */
  async #round(): Promise<void> {
    const ids = [...this.#queued];
    this.#queued = new Set();
    let failed = false;
    try {
      const stored = await this.#lookup(ids);
      const byDevice = new Map<string, Map<string, number>>();
      for (const r of stored) {
        let m = byDevice.get(r.deviceId);
        if (!m) byDevice.set(r.deviceId, (m = new Map<string, number>()));
        m.set(r.metric, Math.max(r.ts, m.get(r.metric) ?? -Infinity));
      }
      for (const id of ids) {
        const submitted = this.#loading.get(id);
        this.#loading.delete(id);
        const fromTable = byDevice.get(id);
        const metrics = new Set([...(submitted?.keys() ?? []), ...(fromTable?.keys() ?? [])]);
        for (const metric of metrics) {
          const ts = Math.max(submitted?.get(metric) ?? -Infinity, fromTable?.get(metric) ?? -Infinity);
          let m = this.#known.get(metric);
          if (!m) this.#known.set(metric, (m = new Map<string, number>()));
          m.set(id, ts);
        }
      }
    } catch (e) {
      // The devices stay unknown (their readings wait for storage) and are asked for again.
      for (const id of ids) this.#queued.add(id);
      failed = true;
      this.#onError(e);
    } finally {
      this.#scheduled = false;
      if (this.#queued.size > 0) this.#schedule(failed ? 1_000 : 0);
    }
  }
}
