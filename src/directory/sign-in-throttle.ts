/**
 * What to do about repeated failed sign-ins to one account, as a pure policy over a small
 * state the user row carries (failures, last failure, locked until). The sign-in service asks
 * {@link checkAttempt} before it verifies a password and stores the result of
 * {@link recordFailure} or {@link recordSuccess} after.
 *
 * Slowing down first and locking only later keeps a mistyping user working while making online
 * guessing useless; 等保 2.0 asks for a lock after repeated failures.
 */

/** The throttle state of one account. Times are epoch milliseconds. */
export interface ThrottleState {
  /** Consecutive failures not yet forgotten. */
  failures: number;
  lastFailureAt: number | null;
  lockedUntil: number | null;
}

/** The knobs of the policy. */
export interface ThrottlePolicy {
  /** Failures that cost nothing (typos). */
  freeFailures: number;
  /** Wait after the first failure beyond the free ones; doubles with each further failure. */
  baseDelayMs: number;
  /** Longest wait while slowed. */
  maxDelayMs: number;
  /** Consecutive failures that lock the account. */
  lockAfterFailures: number;
  lockMs: number;
  /** Failures are forgotten once this long has passed since the last one. */
  forgetAfterMs: number;
}

/** 3 free failures, then 1 s, 2 s, 4 s … up to 60 s; locked 30 min at 10; forgotten after 1 h. */
export const DEFAULT_THROTTLE_POLICY: Readonly<ThrottlePolicy> = Object.freeze({
  freeFailures: 3,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  lockAfterFailures: 10,
  lockMs: 30 * 60_000,
  forgetAfterMs: 60 * 60_000,
});

/** The answer to "may this account try to sign in now?". */
export type AttemptDecision = { allowed: true } | { allowed: false; reason: 'locked' | 'slowed'; retryAfterMs: number };

/** The state of an account with no failures. */
export function recordSuccess(): ThrottleState {
  return { failures: 0, lastFailureAt: null, lockedUntil: null };
}

function isLocked(state: ThrottleState, now: number): state is ThrottleState & { lockedUntil: number } {
  return state.lockedUntil !== null && now < state.lockedUntil;
}

/**
 * The state as it stands at `now`: old failures forgotten, an expired lock cleared. A running
 * lock is never forgotten, even with a policy whose lock outlasts the forgetting window.
 */
export function effectiveState(state: ThrottleState, now: number, policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY): ThrottleState {
  if (isLocked(state, now)) return state;
  if (state.lastFailureAt === null || now - state.lastFailureAt >= policy.forgetAfterMs) return recordSuccess();
  return { failures: state.failures, lastFailureAt: state.lastFailureAt, lockedUntil: null };
}

/**
 * How long the next attempt must wait after `failures` consecutive failures: nothing for the
 * free ones, then baseDelay · 2^(failures − freeFailures − 1), capped.
 */
export function slowdownMs(failures: number, policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY): number {
  const over = failures - policy.freeFailures;
  if (over <= 0) return 0;
  // Compare exponents before multiplying so large failure counts cannot overflow to Infinity.
  const maxExponent = Math.log2(policy.maxDelayMs / policy.baseDelayMs);
  if (over - 1 >= maxExponent) return policy.maxDelayMs;
  return Math.min(policy.baseDelayMs * 2 ** (over - 1), policy.maxDelayMs);
}

/** Whether the account may attempt a sign-in at `now`, and if not, for how long to wait. */
export function checkAttempt(state: ThrottleState, now: number, policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY): AttemptDecision {
  if (isLocked(state, now)) return { allowed: false, reason: 'locked', retryAfterMs: state.lockedUntil - now };
  const current = effectiveState(state, now, policy);
  if (current.lastFailureAt === null) return { allowed: true };
  const waitUntil = current.lastFailureAt + slowdownMs(current.failures, policy);
  if (now < waitUntil) return { allowed: false, reason: 'slowed', retryAfterMs: waitUntil - now };
  return { allowed: true };
}

/**
 * The state after a failed sign-in at `now`. Reaching `lockAfterFailures` locks the account;
 * failures keep counting after the lock ends (until forgotten), so each further failure locks
 * it again at once rather than granting a new round of guesses.
 */
export function recordFailure(state: ThrottleState, now: number, policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY): ThrottleState {
  const current = effectiveState(state, now, policy);
  const failures = current.failures + 1;
  if (failures >= policy.lockAfterFailures) {
    // Never shorten a running lock (a failure recorded while locked, e.g. by a racing request).
    const lockedUntil = Math.max(now + policy.lockMs, current.lockedUntil ?? -Infinity);
    return { failures, lastFailureAt: now, lockedUntil };
  }
  return { failures, lastFailureAt: now, lockedUntil: current.lockedUntil };
}
