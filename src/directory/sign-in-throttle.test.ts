import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THROTTLE_POLICY,
  type ThrottleState,
  checkAttempt,
  effectiveState,
  recordFailure,
  recordSuccess,
  slowdownMs,
} from './sign-in-throttle.ts';

const S = 1000;
const MIN = 60 * S;
const T0 = 1_800_000_000_000;

/** Fails `n` times, each at the earliest moment the policy allows. */
function failAsFastAsAllowed(n: number, start = T0): { state: ThrottleState; now: number } {
  let state = recordSuccess();
  let now = start;
  for (let i = 0; i < n; i++) {
    const d = checkAttempt(state, now);
    if (!d.allowed) now += d.retryAfterMs;
    expect(checkAttempt(state, now).allowed).toBe(true);
    state = recordFailure(state, now);
  }
  return { state, now };
}

describe('slowdownMs', () => {
  it('is free for three failures, then doubles from 1 s up to 60 s', () => {
    const delays = Array.from({ length: 14 }, (_, i) => slowdownMs(i));
    expect(delays).toEqual([0, 0, 0, 0, 1 * S, 2 * S, 4 * S, 8 * S, 16 * S, 32 * S, 60 * S, 60 * S, 60 * S, 60 * S]);
    expect(slowdownMs(10_000)).toBe(60 * S);
    expect(slowdownMs(Number.MAX_SAFE_INTEGER)).toBe(60 * S);
  });
});

describe('checkAttempt / recordFailure', () => {
  it('lets the first three failures through without waiting', () => {
    let state = recordSuccess();
    for (let i = 0; i < 3; i++) {
      expect(checkAttempt(state, T0)).toEqual({ allowed: true });
      state = recordFailure(state, T0);
    }
    expect(state.failures).toBe(3);
    expect(checkAttempt(state, T0)).toEqual({ allowed: true });
  });

  it('slows the attempt after the fourth failure by one second, then two', () => {
    let state = recordSuccess();
    for (let i = 0; i < 4; i++) state = recordFailure(state, T0);
    expect(checkAttempt(state, T0)).toEqual({ allowed: false, reason: 'slowed', retryAfterMs: 1 * S });
    expect(checkAttempt(state, T0 + 400)).toEqual({ allowed: false, reason: 'slowed', retryAfterMs: 600 });
    expect(checkAttempt(state, T0 + S)).toEqual({ allowed: true });
    state = recordFailure(state, T0 + S);
    expect(checkAttempt(state, T0 + S)).toEqual({ allowed: false, reason: 'slowed', retryAfterMs: 2 * S });
  });

  it('locks for 30 minutes at the tenth failure', () => {
    const { state, now } = failAsFastAsAllowed(10);
    expect(state.failures).toBe(10);
    expect(state.lockedUntil).toBe(now + 30 * MIN);
    expect(checkAttempt(state, now)).toEqual({ allowed: false, reason: 'locked', retryAfterMs: 30 * MIN });
    expect(checkAttempt(state, now + 30 * MIN - 1)).toMatchObject({ reason: 'locked', retryAfterMs: 1 });
    expect(checkAttempt(state, now + 30 * MIN)).toEqual({ allowed: true });
  });

  it('locks again at once on a failure after the lock ends', () => {
    const { state, now } = failAsFastAsAllowed(10);
    const after = now + 30 * MIN;
    const again = recordFailure(state, after);
    expect(again.failures).toBe(11);
    expect(checkAttempt(again, after)).toEqual({ allowed: false, reason: 'locked', retryAfterMs: 30 * MIN });
  });

  it('does not shorten a running lock when a failure is recorded during it', () => {
    const { state, now } = failAsFastAsAllowed(10);
    const during = recordFailure(state, now + 10 * MIN);
    expect(during.lockedUntil).toBe(now + 40 * MIN);
  });

  it('forgets failures an hour after the last one', () => {
    let state = recordSuccess();
    for (let i = 0; i < 9; i++) state = recordFailure(state, T0);
    expect(checkAttempt(state, T0 + 60 * MIN - 1).allowed).toBe(true);
    expect(effectiveState(state, T0 + 60 * MIN - 1).failures).toBe(9);
    expect(effectiveState(state, T0 + 60 * MIN)).toEqual(recordSuccess());
    state = recordFailure(state, T0 + 60 * MIN);
    expect(state.failures).toBe(1);
  });

  it('never forgets a running lock, even when the policy locks for longer than it remembers', () => {
    const policy = { ...DEFAULT_THROTTLE_POLICY, lockMs: 3 * 60 * MIN };
    let state = recordSuccess();
    for (let i = 0; i < 10; i++) state = recordFailure(state, T0, policy);
    expect(checkAttempt(state, T0 + 2 * 60 * MIN, policy)).toMatchObject({ allowed: false, reason: 'locked' });
    expect(recordFailure(state, T0 + 2 * 60 * MIN, policy).failures).toBe(11);
  });

  it('resets on success', () => {
    const { state } = failAsFastAsAllowed(10);
    expect(state.lockedUntil).not.toBeNull();
    expect(recordSuccess()).toEqual({ failures: 0, lastFailureAt: null, lockedUntil: null });
  });
});

type Event = { dt: number; kind: 'fail' | 'success' };

const eventsArb = fc.array(
  fc.record({
    dt: fc.oneof(fc.integer({ min: 0, max: 5 * S }), fc.integer({ min: 0, max: 2 * 60 * MIN })),
    kind: fc.constantFrom<'fail' | 'success'>('fail', 'fail', 'fail', 'success'),
  }),
  { maxLength: 40 },
);

/** Replays events from a fresh state with time moving forward; counts failures since the last success. */
function replay(events: Event[]): { state: ThrottleState; now: number; recordedSinceSuccess: number } {
  let state = recordSuccess();
  let now = T0;
  let recordedSinceSuccess = 0;
  for (const e of events) {
    now += e.dt;
    if (e.kind === 'success') {
      state = recordSuccess();
      recordedSinceSuccess = 0;
    } else {
      state = recordFailure(state, now);
      recordedSinceSuccess++;
    }
  }
  return { state, now, recordedSinceSuccess };
}

describe('throttle properties', () => {
  it('never asks for a negative (or zero) wait, nor one longer than the lock', () => {
    fc.assert(
      fc.property(eventsArb, fc.integer({ min: 0, max: 3 * 60 * MIN }), (events, later) => {
        const { state, now } = replay(events);
        const d = checkAttempt(state, now + later);
        if (!d.allowed) {
          expect(d.retryAfterMs).toBeGreaterThan(0);
          expect(d.retryAfterMs).toBeLessThanOrEqual(DEFAULT_THROTTLE_POLICY.lockMs);
        }
      }),
    );
  });

  it('locks only after at least ten consecutive failures', () => {
    fc.assert(
      fc.property(eventsArb, fc.integer({ min: 0, max: 3 * 60 * MIN }), (events, later) => {
        const { state, now, recordedSinceSuccess } = replay(events);
        const d = checkAttempt(state, now + later);
        if (!d.allowed && d.reason === 'locked') {
          expect(state.failures).toBeGreaterThanOrEqual(10);
          expect(recordedSinceSuccess).toBeGreaterThanOrEqual(10);
        }
        if (state.failures < 10) expect(d.allowed || d.reason === 'slowed').toBe(true);
      }),
    );
  });

  it('allows any attempt after a success', () => {
    fc.assert(
      fc.property(eventsArb, fc.integer({ min: 0, max: 3 * 60 * MIN }), (events, later) => {
        const { now } = replay([...events, { dt: 0, kind: 'success' }]);
        expect(checkAttempt(recordSuccess(), now + later)).toEqual({ allowed: true });
      }),
    );
  });

  it('allows the attempt once the advised wait has passed', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const { state, now } = replay(events);
        const d = checkAttempt(state, now);
        if (!d.allowed) expect(checkAttempt(state, now + d.retryAfterMs)).toEqual({ allowed: true });
      }),
    );
  });

  it('lets a guesser who respects every wait try at most ten times in the first 30 minutes', () => {
    const { now } = failAsFastAsAllowed(10);
    expect(now - T0).toBeLessThan(30 * MIN);
    const { now: eleventh } = failAsFastAsAllowed(11);
    expect(eleventh - T0).toBeGreaterThanOrEqual(30 * MIN);
  });
});
