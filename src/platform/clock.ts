/** Time as the platform sees it: UTC epoch milliseconds, injectable so tests can move it. */
export interface Clock {
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told; for tests and drills.
 * @example const c = manualClock(Date.UTC(2026, 0, 5)); c.advance(60_000);
 */
export function manualClock(start: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      if (ms < 0) throw new Error('time only moves forward');
      t += ms;
    },
    set(ms) {
      if (ms < t) throw new Error('time only moves forward');
      t = ms;
    },
  };
}
