/**
 * Simulated time: never after the clock; a fast run starts in the past and reaches the present
 * as it ends; replays are at most 12 simulated hours; durations parse.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatSpan, MAX_REPLAY_MS, parseDuration, planTimeline, simTimeAt } from '../../src/sim/sim-clock.ts';
import { H, MIN, T0 } from './support.ts';

describe('sim clock', () => {
  it('at speed 1 is the clock', () => {
    const t = planTimeline(T0, 1, 0);
    expect(t).toMatchObject({ simStart: T0, caughtUpAt: T0, wallEnd: null });
    expect(simTimeAt(t, T0 + 5 * MIN)).toBe(T0 + 5 * MIN);
  });

  it('×72 for 10 minutes replays the last 12 hours, reaching the present at the end', () => {
    const t = planTimeline(T0, 72, 10 * MIN);
    expect(T0 - t.simStart).toBe(710 * MIN);
    expect(t.caughtUpAt).toBe(T0 + 10 * MIN);
    expect(simTimeAt(t, T0)).toBe(t.simStart);
    expect(simTimeAt(t, T0 + 5 * MIN)).toBe(t.simStart + 360 * MIN);
    expect(simTimeAt(t, T0 + 10 * MIN)).toBe(T0 + 10 * MIN);
    expect(simTimeAt(t, T0 + 11 * MIN)).toBe(T0 + 10 * MIN); // the run is over
  });

  it('caps the replay at 12 simulated hours, then runs at the speed of the clock', () => {
    const t = planTimeline(T0, 100, 60 * MIN);
    expect(T0 - t.simStart).toBe(Math.round((MAX_REPLAY_MS * 99) / 100));
    expect(t.caughtUpAt - T0).toBe(Math.round(MAX_REPLAY_MS / 100));
    expect(simTimeAt(t, T0 + 30 * MIN)).toBe(T0 + 30 * MIN);
    const forever = planTimeline(T0, 12, 0);
    expect(T0 - forever.simStart).toBe(11 * H);
    expect(forever.caughtUpAt).toBe(T0 + H);
  });

  it('never puts a timestamp after the clock, and never goes back', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 5000, noNaN: true }),
        fc.integer({ min: 0, max: 48 * 60 }),
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        (speed, durationMin, atMin) => {
          const t = planTimeline(T0, speed, durationMin * MIN);
          const wall = T0 + atMin * MIN;
          const sim = simTimeAt(t, wall);
          expect(sim).toBeLessThanOrEqual(wall);
          expect(simTimeAt(t, wall + MIN)).toBeGreaterThanOrEqual(sim);
          expect(T0 - t.simStart).toBeLessThanOrEqual(MAX_REPLAY_MS);
        },
      ),
    );
  });

  it('refuses a speed below 1', () => {
    expect(() => planTimeline(T0, 0.5, 0)).toThrow(/speed/);
  });

  it('parses and formats durations', () => {
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('2d')).toBe(2 * 24 * H);
    expect(parseDuration('ten minutes')).toBeNull();
    expect(parseDuration('-5m')).toBeNull();
    expect(formatSpan(42_600_000)).toBe('11 h 50 min');
    expect(formatSpan(45_000)).toBe('45 s');
  });
});
