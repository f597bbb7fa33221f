/**
 * Token buckets for public routes (check-ins, citizen reports): a bucket holds up to `burst` tokens, refills at
 * `perMinute`, and each request takes one. The arithmetic is a pure function over the bucket's
 * state and the (injected) time; {@link KeyedBuckets} keeps one bucket per key in memory.
 *
 * In memory, per process, is enough here: a limit exists to blunt floods and scripted key
 * spraying, not to count exactly, and a bucket lost on restart only forgives a little.
 */

/** A bucket's shape. */
export interface BucketPolicy {
  /** Most requests accepted in a burst. */
  burst: number;
  /** Tokens added per minute. */
  perMinute: number;
}

/** A bucket's state: tokens left at `at`. */
export interface BucketState {
  tokens: number;
  at: number;
}

/** The answer to one request. */
export type TakeResult = { ok: true; state: BucketState } | { ok: false; state: BucketState; retryAfterMs: number };

/** Tokens in the bucket at `now` (refilled since `state.at`, never above `burst`). */
export function tokensAt(state: BucketState | undefined, now: number, policy: BucketPolicy): number {
  if (!state) return policy.burst;
  const refill = (Math.max(0, now - state.at) * policy.perMinute) / 60_000;
  return Math.min(policy.burst, state.tokens + refill);
}

/**
 * Takes one token if there is one.
 * @example take(undefined, now, { burst: 10, perMinute: 2 }) // { ok: true, state: { tokens: 9, at: now } }
 */
export function take(state: BucketState | undefined, now: number, policy: BucketPolicy): TakeResult {
  const tokens = tokensAt(state, now, policy);
  if (tokens >= 1) return { ok: true, state: { tokens: tokens - 1, at: now } };
  const retryAfterMs = policy.perMinute > 0 ? Math.ceil(((1 - tokens) * 60_000) / policy.perMinute) : Number.POSITIVE_INFINITY;
  return { ok: false, state: { tokens, at: now }, retryAfterMs };
}

/**
 * One bucket per key, at most `maxKeys` of them. Past that, buckets that have refilled
 * completely (the same as no bucket) are dropped, then the least recently used, down to 90 %:
 * a sweep costs one pass, and the slack makes sweeps rare even under a spray of new keys.
 */
export class KeyedBuckets {
  readonly #buckets = new Map<string, BucketState>();

  constructor(
    readonly policy: BucketPolicy,
    readonly maxKeys = 100_000,
  ) {}

  /** Takes a token from `key`'s bucket. */
  take(key: string, now: number): TakeResult {
    const result = take(this.#buckets.get(key), now, this.policy);
    // Re-inserting moves the key to the end, so the Map's order is least recently used first.
    this.#buckets.delete(key);
    this.#buckets.set(key, result.state);
    if (this.#buckets.size > this.maxKeys) this.#evict(now);
    return result;
  }

  /** Number of buckets held. */
  get size(): number {
    return this.#buckets.size;
  }

  #evict(now: number): void {
    for (const [key, state] of this.#buckets) if (tokensAt(state, now, this.policy) >= this.policy.burst) this.#buckets.delete(key);
    const keep = Math.floor(this.maxKeys * 0.9);
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= keep) break;
      this.#buckets.delete(key);
    }
  }
}
