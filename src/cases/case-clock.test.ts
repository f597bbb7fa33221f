import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHINA_WORKING_CALENDAR as CAL } from './calendar-data.ts';
import { elapsedFraction } from './calendar-model.ts';
import { extendStep, pauseStep, resumeStep, setStepDeadline, startStep, stepFraction, stepRemainingMs, stepStatus } from './case-clock.ts';
import { isTransitionError, transition } from './case-machine.ts';
import { newCase, type NewCaseInput } from './case-new.ts';
import type { Actor, Case, CaseCommand, StepClock } from './case-types.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const WH4 = { amount: 4, unit: 'working_hours' } as const;

/** Shanghai wall-clock time (UTC+8) as UTC ms. */
function sh(y: number, mo: number, d: number, h = 0, mi = 0): number {
  return Date.UTC(y, mo - 1, d, h - 8, mi);
}

describe('step due times on the China working calendar', () => {
  it('a 4-working-hour step started Friday 17:00 is due Monday 11:30', () => {
    expect(startStep('handle', WH4, sh(2025, 3, 14, 17), CAL).dueAt).toBe(sh(2025, 3, 17, 11, 30));
  });

  it('skips the 劳动节 holidays: Wednesday 30 April 17:00 + 4 h is due Tuesday 6 May 11:30', () => {
    expect(startStep('handle', WH4, sh(2025, 4, 30, 17), CAL).dueAt).toBe(sh(2025, 5, 6, 11, 30));
  });

  it('counts calendar limits on the wall clock', () => {
    const s = startStep('dispatch', { amount: 30, unit: 'calendar_minutes' }, sh(2025, 3, 15, 23, 50), CAL);
    expect(s.dueAt).toBe(sh(2025, 3, 16, 0, 20));
  });

  it('a case dispatched on Friday 17:00 has its handling due on Monday', () => {
    const input: NewCaseInput = {
      id: 'c1',
      code: 'X',
      source: 'inspector',
      sourceRef: null,
      category: 'E0102', // 4 working hours
      urgency: 'normal',
      description: 'd',
      location: { lon: 121, lat: 31, address: null },
      jurisdictionId: 'j',
      jurisdictionPath: '/a/b/',
      centreId: 'c',
      centreLevel: 'street',
      centrePath: '/a/',
      reporterId: null,
      createdBy: null,
    };
    const system: Actor = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };
    let c: Case = newCase(input, sh(2025, 3, 14, 16, 50)).case;
    const cmds: CaseCommand[] = [{ type: 'file' }, { type: 'dispatch', unitId: 'u', suggestedUnitId: 'u' }];
    for (const cmd of cmds) {
      const r = transition(c, cmd, system, sh(2025, 3, 14, 17));
      if (isTransitionError(r)) throw new Error(r.error.message);
      c = r.case;
    }
    expect(c.handleDueAt).toBe(sh(2025, 3, 17, 11, 30));
    expect(stepStatus(c, sh(2025, 3, 16, 12), CAL)).toMatchObject({ step: 'handle', light: 'green', fraction: 0.25 });
  });
});

describe('parking and resuming', () => {
  it('parking over a weekend keeps the remaining working time and the light', () => {
    const s = startStep('handle', WH4, sh(2025, 3, 14, 9), CAL); // Friday 09:00 → due 14:30
    expect(s.dueAt).toBe(sh(2025, 3, 14, 14, 30));
    const parked = pauseStep(s, sh(2025, 3, 14, 10), CAL);
    expect(parked.pausedRemainingMs).toBe(3 * HOUR);
    expect(stepFraction(parked, sh(2025, 3, 14, 10), CAL)).toBeCloseTo(0.25);
    // Frozen while parked, even long after the old due time.
    expect(stepStatus({ step: parked }, sh(2025, 3, 16, 12), CAL)).toMatchObject({ fraction: 0.25, light: 'green' });
    const resumed = resumeStep(parked, sh(2025, 3, 17, 10), CAL); // Monday 10:00
    expect(resumed.dueAt).toBe(sh(2025, 3, 17, 14, 30));
    expect(resumed.pausedRemainingMs).toBeNull();
    expect(stepRemainingMs(resumed, sh(2025, 3, 17, 10), CAL)).toBe(3 * HOUR);
    expect(stepFraction(resumed, sh(2025, 3, 17, 10), CAL)).toBeCloseTo(0.25);
    expect(stepStatus({ step: resumed }, sh(2025, 3, 17, 13, 48), CAL)?.light).toBe('yellow'); // 3.2 of 4 h used
    expect(stepFraction(resumed, sh(2025, 3, 17, 14, 30), CAL)).toBeCloseTo(1);
    expect(stepStatus({ step: resumed }, sh(2025, 3, 17, 14, 31), CAL)?.light).toBe('red');
  });

  it('a second park and resume adds up the parked time', () => {
    const s = startStep('handle', WH4, sh(2025, 3, 14, 9), CAL);
    const once = resumeStep(pauseStep(s, sh(2025, 3, 14, 10), CAL), sh(2025, 3, 17, 10), CAL);
    const twice = resumeStep(pauseStep(once, sh(2025, 3, 17, 11), CAL), sh(2025, 3, 18, 11), CAL);
    expect(twice.dueAt).toBe(sh(2025, 3, 18, 14, 30));
    expect(stepFraction(twice, sh(2025, 3, 18, 11), CAL)).toBeCloseTo(0.5);
  });

  it('a calendar-hour step keeps its wall-clock remainder', () => {
    const s = startStep('handle', { amount: 2, unit: 'calendar_hours' }, sh(2025, 3, 15, 10), CAL);
    const resumed = resumeStep(pauseStep(s, sh(2025, 3, 15, 11), CAL), sh(2025, 3, 16, 20), CAL);
    expect(resumed.dueAt).toBe(sh(2025, 3, 16, 21));
    expect(stepFraction(resumed, sh(2025, 3, 16, 20), CAL)).toBeCloseTo(0.5);
  });

  it('a step already overdue when parked stays overdue after resuming', () => {
    const s: StepClock = { ...startStep('handle', WH4, sh(2025, 3, 14, 9), CAL), overdueAt: sh(2025, 3, 14, 14, 30) };
    const parked = pauseStep(s, sh(2025, 3, 14, 16), CAL);
    expect(parked.pausedRemainingMs).toBe(0);
    expect(stepStatus({ step: parked }, sh(2025, 3, 15, 16), CAL)?.light).toBe('red');
    const resumed = resumeStep(parked, sh(2025, 3, 17, 9), CAL);
    expect(resumed.dueAt).toBe(s.dueAt);
    expect(stepStatus({ step: resumed }, sh(2025, 3, 17, 9), CAL)?.light).toBe('red');
  });
});

describe('extensions and deadlines', () => {
  it('an approved extension moves the due time by working time and clears overdue', () => {
    const s: StepClock = { ...startStep('handle', WH4, sh(2025, 3, 17, 8, 30), CAL), overdueAt: sh(2025, 3, 17, 14) };
    expect(s.dueAt).toBe(sh(2025, 3, 17, 14));
    const e = extendStep(s, { amount: 2, unit: 'working_hours' }, CAL);
    expect(e).toMatchObject({ dueAt: sh(2025, 3, 17, 16), overdueAt: null, startedAt: s.startedAt });
    expect(extendStep(s, { amount: 1, unit: 'working_days' }, CAL).dueAt).toBe(sh(2025, 3, 18, 14));
  });

  it('a supervisor deadline replaces the due time', () => {
    const s = startStep('handle', WH4, sh(2025, 3, 17, 9), CAL);
    expect(setStepDeadline({ ...s, overdueAt: 1 }, sh(2025, 3, 17, 10))).toMatchObject({ dueAt: sh(2025, 3, 17, 10), overdueAt: null });
  });
});

describe('lights', () => {
  const start = sh(2025, 3, 15, 10);
  const s = startStep('dispatch', { amount: 100, unit: 'calendar_minutes' }, start, CAL);
  it.each([
    [79, 'green'],
    [80, 'yellow'],
    [100, 'yellow'],
    [101, 'red'],
  ] as const)('at %i percent of the step the light is %s', (pct, light) => {
    expect(stepStatus({ step: s }, start + pct * MIN, CAL)).toEqual({
      step: 'dispatch',
      dueAt: start + 100 * MIN,
      fraction: pct / 100,
      light,
    });
  });

  it('on working time too: yellow from 3.2 of 4 working hours, red after the due time', () => {
    const w = startStep('handle', WH4, sh(2025, 3, 17, 9), CAL); // due 14:30
    expect(stepStatus({ step: w }, sh(2025, 3, 17, 13, 41), CAL)?.light).toBe('green');
    expect(stepStatus({ step: w }, sh(2025, 3, 17, 13, 42), CAL)?.light).toBe('yellow');
    expect(stepStatus({ step: w }, sh(2025, 3, 17, 14, 30), CAL)?.light).toBe('yellow');
    expect(stepStatus({ step: w }, sh(2025, 3, 17, 14, 30) + 1, CAL)?.light).toBe('red');
  });

  it('no step, no light', () => {
    expect(stepStatus({ step: null }, 0, CAL)).toBeNull();
  });

  it('agrees with elapsedFraction for a step never parked', () => {
    const instant = fc.integer({ min: sh(2025, 1, 1), max: sh(2026, 12, 1) });
    const limit = fc.record({
      amount: fc.integer({ min: 1, max: 40 }),
      unit: fc.constantFrom('working_hours', 'working_days', 'calendar_hours'),
    });
    fc.assert(
      fc.property(instant, limit, fc.integer({ min: 0, max: 30 * 24 * HOUR }), (t, l, dt) => {
        const step = startStep('handle', l, t, CAL);
        const basis = l.unit === 'calendar_hours' ? 'calendar' : 'working';
        expect(stepFraction(step, t + dt, CAL)).toBeCloseTo(elapsedFraction(t, step.dueAt, t + dt, CAL, basis), 9);
      }),
      { numRuns: 300 },
    );
  });
});
