/**
 * Exponential backoff with jitter for retrying deliveries to outside systems. Pure: the random
 * source is passed in, so tests can pin it.
 *
 * "Equal jitter": the wait after the n-th failure lies in [d/2, d] where d = min(cap, base·2^(n−1)).
 * The random half spreads the retries of many deliveries that failed together (a receiver that
 * was down) so they do not all come back at the same instant; the fixed half keeps a floor, so
 * an operator can still say "not before…", and a test can move its clock by `d` to be sure.
 */

/** How retries are spaced and when to give up. */
export interface BackoffPolicy {
  /** Wait after the first failure before jitter (ms). */
  baseMs: number;
  /** Longest wait (ms). */
  capMs: number;
  /** Attempts in all; after the last one fails, there is no next. */
  maxAttempts: number;
}

/**
 * The longest wait after `attempts` failed attempts (the jitter never exceeds it).
 * @example backoffCeiling({ baseMs: 10_000, capMs: 3_600_000, maxAttempts: 8 }, 3); // 40_000
 */
export function backoffCeiling(policy: BackoffPolicy, attempts: number): number {
  const n = Math.max(1, attempts);
  // 2^(n−1) grows past any cap quickly; stop before it overflows into Infinity.
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 1, 40));
}

/**
 * When to try again after `attempts` failed attempts, or null once `maxAttempts` are spent.
 * `random` returns a number in [0, 1).
 * @example nextRetryAt({ baseMs: 1000, capMs: 60_000, maxAttempts: 5 }, 2, 0, () => 0.5); // 1500
 */
export function nextRetryAt(policy: BackoffPolicy, attempts: number, now: number, random: () => number): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const ceiling = backoffCeiling(policy, attempts);
  const half = ceiling / 2;
  return now + Math.round(half + half * Math.min(Math.max(random(), 0), 1));
}
