/**
 * Absence:
 * - a device silent for `after` raises once, at the moment the gap reached `after`; its next
 *   reading clears;
 * - with a value filter (door `open == true`) only such readings end the gap, and the first gap
 *   runs from when the device was first heard from — in event time, also when that reading came
 *   late; a late reading from inside a raised gap clears it no earlier than the raise;
 * - property: exactly one raise per gap that a tick saw reach `after`, none otherwise; raises
 *   and clears alternate.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Reading } from '../sensing/reading-model.ts';
import type { AbsenceParams } from './model.ts';
import { absenceOnReading, absenceOnTick, initialAbsence, type AbsenceState } from './evaluate-absence.ts';
import type { SignalDraft } from './verdict.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 6, 1, 0, 0, 0);
const OFFLINE: AbsenceParams = { after: 30 * MIN, metric: null, value: null };
const DOOR: AbsenceParams = { after: 24 * 60 * MIN, metric: 'open', value: true };
const at = (m: number, metric = 'water_level_cm', value: number | boolean = 3): Reading => ({
  deviceId: 'd',
  metric,
  ts: T0 + m * MIN,
  value,
});

function feed(p: AbsenceParams, inputs: Array<Reading | number>, state: AbsenceState = initialAbsence()) {
  const signals: SignalDraft[] = [];
  for (const x of inputs) {
    const res = typeof x === 'number' ? absenceOnTick(state, T0 + x * MIN, p) : absenceOnReading(state, x, p);
    state = res.state;
    signals.push(...res.signals);
  }
  return { state, signals };
}

describe('absence evaluator', () => {
  it('raises once when silent for 30 minutes and clears on the next reading', () => {
    const { signals } = feed(OFFLINE, [at(0), at(5), 20, 34, 35, 36, 60, at(61), 62]);
    expect(signals.map((s) => [s.kind, (s.ts - T0) / MIN])).toEqual([
      ['raise', 35],
      ['clear', 61],
    ]);
    expect(signals[0]?.vars).toMatchObject({ after: '30 min', lastSeen: new Date(T0 + 5 * MIN).toISOString() });
  });

  it('never raises for a device never seen, unless the engine says when it started watching', () => {
    expect(feed(OFFLINE, [100, 1000]).signals).toEqual([]);
    expect(feed(OFFLINE, [29, 30, 31], initialAbsence(T0)).signals.map((s) => (s.ts - T0) / MIN)).toEqual([30]);
  });

  it('door not opened: only `open == true` ends the gap; the first gap starts when first heard from', () => {
    const H = 60;
    const { signals } = feed(DOOR, [
      at(0, 'open', false),
      at(10 * H, 'open', false),
      23 * H,
      24 * H,
      at(25 * H, 'open', false),
      at(26 * H, 'open', true),
      49 * H,
      50 * H,
    ]);
    expect(signals.map((s) => [s.kind, (s.ts - T0) / MIN / H])).toEqual([
      ['raise', 24],
      ['clear', 26],
      ['raise', 50],
    ]);
  });

  it('ignores a late counting reading older than the gap start', () => {
    const { state } = feed(OFFLINE, [at(10), at(5)]);
    expect(state.since).toBe(T0 + 10 * MIN);
  });

  it('a device watched since later than its first (back-filled) reading: the gap runs from the reading', () => {
    const { signals } = feed(OFFLINE, [at(0), 60], initialAbsence(T0 + 40 * MIN));
    expect(signals.map((s) => [s.kind, (s.ts - T0) / MIN])).toEqual([['raise', 30]]);
  });

  it('a late reading from inside a raised gap clears it, stamped no earlier than the raise', () => {
    const { signals, state } = feed(OFFLINE, [at(0), 40, at(10)]);
    expect(signals.map((s) => [s.kind, (s.ts - T0) / MIN])).toEqual([
      ['raise', 30],
      ['clear', 30],
    ]);
    expect(state).toMatchObject({ since: T0 + 10 * MIN, firing: false });
  });
});

describe('absence evaluator properties', () => {
  it('raises exactly once per gap a tick saw reach `after`, and alternates with clears', () => {
    // Events at increasing minutes: a reading or a tick.
    const events = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.boolean()), { minLength: 1, maxLength: 100 });
    fc.assert(
      fc.property(events, (evs) => {
        let m = 0;
        const inputs = evs.map(([dm, isTick]) => ((m += dm), isTick ? m : at(m)));
        const { signals } = feed(OFFLINE, inputs, initialAbsence(T0));
        signals.forEach((s, i) => expect(s.kind).toBe(i % 2 === 0 ? 'raise' : 'clear'));
        // Expected raises: gaps (between readings, from T0) in which some tick was ≥ 30 min after the gap's start.
        let since = T0;
        let raised = false;
        let expected = 0;
        for (const x of inputs) {
          if (typeof x !== 'number') {
            since = Math.max(since, x.ts);
            raised = false;
          } else if (!raised && T0 + x * MIN - since >= OFFLINE.after) {
            raised = true;
            expected++;
          }
        }
        expect(signals.filter((s) => s.kind === 'raise')).toHaveLength(expected);
      }),
    );
  });
});
