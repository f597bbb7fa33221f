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

/** A clock that runs with the machine's but can be moved forward: for drills (演练). */
export interface SimulatedClock extends Clock {
  readonly simulated: true;
  /** Moves time forward by `ms` (≥ 0). */
  advance(ms: number): void;
  /** Moves time forward to `ms`; refuses to go back, since every deadline and timeline assumes it never does. */
  set(ms: number): void;
}

/**
 * A simulated clock: the machine's time plus an offset that only grows.
 * @example const c = simulatedClock(); c.advance(3_600_000); // an hour later, still ticking
 */
export function simulatedClock(base: Clock = systemClock): SimulatedClock {
  let offset = 0;
  return {
    simulated: true,
    now: () => base.now() + offset,
    advance(ms) {
      if (!(ms >= 0)) throw new Error('time only moves forward');
      offset += ms;
    },
    set(ms) {
      const now = base.now() + offset;
      if (ms < now) throw new Error('time only moves forward');
      offset += ms - now;
    },
  };
}

/** True if the clock can be moved by an operator. */
export function isSimulated(clock: Clock): clock is SimulatedClock {
  return (clock as Partial<SimulatedClock>).simulated === true;
}
