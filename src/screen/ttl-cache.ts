/**
 * A small cache for read models that many screens poll: an answer is reused for `ttlMs`, and
 * callers asking for the same key while it is being computed share the one computation.
 *
 * "Fresh" means both younger than `ttlMs` of real time and no more than `ttlMs` behind the
 * platform clock: in production the two agree; a drill that moves the simulated clock forward
 * (or a test moving its manual clock) gets new figures at once instead of a cached past.
 */

interface Entry<V> {
  value: Promise<V>;
  realAt: number;
  clockAt: number;
}

/** A cache of promises by key, bounded to `maxEntries` (oldest dropped first). */
export class TtlCache<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #maxEntries: number;

  /** `now` is the platform clock. */
  constructor(ttlMs: number, now: () => number, maxEntries = 256) {
    this.#ttlMs = ttlMs;
    this.#now = now;
    this.#maxEntries = maxEntries;
  }

  /**
   * The cached answer for `key`, or `load()`'s (cached if it succeeds).
   * @example await cache.get(scopePath, () => computeKpis(scopePath));
   */
  get(key: K, load: () => Promise<V>): Promise<V> {
    const real = performance.now();
    const clock = this.#now();
    const fresh = (e: Entry<V>) => real - e.realAt < this.#ttlMs && clock - e.clockAt < this.#ttlMs && clock >= e.clockAt;
    // Entries are kept in the order they were made, so the expired ones are at the front: answers
    // can be large (a 100,000-device layer), and none outlives its ttl by more than one call.
    for (const [k, old] of this.#entries) {
      if (fresh(old)) break;
      this.#entries.delete(k);
    }
    const e = this.#entries.get(key);
    if (e) return e.value;
    const value = load();
    const entry = { value, realAt: real, clockAt: clock };
    this.#entries.set(key, entry);
    // A failure is not cached: the next caller tries again.
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as K);
    return value;
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
  }
}
