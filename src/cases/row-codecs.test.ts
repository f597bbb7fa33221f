import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_SOURCES, CASE_STATES, type Case, type CaseEvent, type StepClock } from './case-types.ts';
import {
  caseFromRow,
  caseToRow,
  decodeCaseCursor,
  encodeCaseCursor,
  eventFromRow,
  eventToRow,
  reporterFromRow,
  reporterToRow,
} from './row-codecs.ts';

const time = fc.integer({ min: 0, max: 4_102_444_800_000 });
const text = fc.string({ maxLength: 20 });
const orNull = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
/** Plain objects, as the codec builds them (fast-check's default prototype-less ones fail toStrictEqual). */
const PLAIN = { noNullPrototype: true } as const;
const count = fc.nat({ max: 50 });
const limit = fc.record(
  {
    amount: fc.integer({ min: 1, max: 30 }),
    unit: fc.constantFrom('working_hours' as const, 'calendar_minutes' as const),
  },
  PLAIN,
);

const step: fc.Arbitrary<StepClock> = fc
  .record(
    {
      step: fc.constantFrom('dispatch' as const, 'handle' as const, 'verify' as const, 'close' as const),
      startedAt: time,
      dueAt: time,
      limit,
      pausedRemainingMs: orNull(fc.nat()),
      pausedMs: fc.option(fc.nat(), { nil: undefined }),
      overdueAt: orNull(time),
    },
    PLAIN,
  )
  // `pausedMs` absent, not undefined: that is how the codec gives it back.
  .map(({ pausedMs, ...s }) => (pausedMs === undefined ? s : { ...s, pausedMs }));

/** Any case the types allow (strings are not checked against the catalogue here). */
const anyCase: fc.Arbitrary<Case> = fc.record(
  {
    id: text,
    code: text,
    source: fc.constantFrom(...CASE_SOURCES),
    sourceRef: orNull(text),
    category: text,
    urgency: fc.constantFrom('urgent' as const, 'high' as const, 'normal' as const),
    state: fc.constantFrom(...CASE_STATES),
    parkedFrom: orNull(fc.constantFrom(...CASE_STATES)),
    stateReason: orNull(text),
    reviewAt: orNull(time),
    description: text,
    location: fc.record(
      {
        lon: fc.double({ min: -180, max: 180, noNaN: true }),
        lat: fc.double({ min: -90, max: 90, noNaN: true }),
        address: orNull(text),
      },
      PLAIN,
    ),
    jurisdictionId: text,
    jurisdictionPath: text,
    centreId: text,
    centreLevel: fc.constantFrom('street' as const, 'district' as const, 'city' as const),
    centrePath: text,
    unitId: orNull(text),
    suggestedUnitId: orNull(text),
    masterId: orNull(text),
    reportCount: count,
    reporterId: orNull(text),
    step: orNull(step),
    extension: orNull(fc.record({ requestedAt: time, requestedBy: text, extra: limit, reason: text }, PLAIN)),
    dispatchCount: count,
    returnCount: count,
    reworkCount: count,
    extensionCount: count,
    escalationCount: count,
    overdueCount: count,
    reportedAt: time,
    filedAt: orNull(time),
    firstDispatchedAt: orNull(time),
    dispatchedAt: orNull(time),
    acceptedAt: orNull(time),
    handledAt: orNull(time),
    handleDueAt: orNull(time),
    handledOnTime: orNull(fc.boolean()),
    verifiedAt: orNull(time),
    closedAt: orNull(time),
    closedOnTime: orNull(fc.boolean()),
    satisfaction: orNull(fc.integer({ min: 1, max: 5 })),
    createdBy: orNull(text),
    updatedAt: time,
    version: fc.integer({ min: 1, max: 1000 }),
  },
  PLAIN,
);

describe('case rows', () => {
  it('give back every case exactly, whatever is null', () => {
    fc.assert(
      fc.property(anyCase, (c) => {
        expect(caseFromRow(caseToRow(c))).toStrictEqual(c);
      }),
    );
  });

  it('flatten the location and the step clock, keep JSON as text and booleans as 0/1', () => {
    const c = fc.sample(anyCase, { numRuns: 1, seed: 7 })[0]!;
    const row = caseToRow({
      ...c,
      location: { lon: 121.5, lat: 31.2, address: '外滩' },
      step: { step: 'handle', startedAt: 1, dueAt: 2, limit: { amount: 4, unit: 'working_hours' }, pausedRemainingMs: null, overdueAt: 3 },
      extension: null,
      handledOnTime: true,
      closedOnTime: false,
    });
    expect(row).toMatchObject({ lon: 121.5, lat: 31.2, address: '外滩', handled_on_time: 1, closed_on_time: 0, extension: null });
    expect(row).toMatchObject({ step_name: 'handle', step_started_at: 1, step_due_at: 2, step_overdue_at: 3, step_paused_ms: null });
    expect(JSON.parse(row.step_limit!)).toEqual({ amount: 4, unit: 'working_hours' });
    const idle = caseToRow({ ...c, step: null });
    const stepColumns = Object.entries(idle).filter(([k]) => k.startsWith('step_'));
    expect(stepColumns).toHaveLength(7);
    expect(stepColumns.every(([, v]) => v === null)).toBe(true);
  });
});

describe('timeline and reporter rows', () => {
  it('give back entries and reporters; a new entry is unpublished', () => {
    const e: CaseEvent = {
      id: 'e1',
      caseId: 'c1',
      seq: 3,
      type: 'dispatched',
      at: 9,
      actorId: 'u',
      actorRoles: ['dispatcher'],
      note: null,
      attachments: ['a1'],
      before: { state: 'filed', unitId: null },
      after: { state: 'dispatched', unitId: 'unit-1' },
    };
    const row = eventToRow(e);
    expect(row.published).toBe(0);
    expect(eventFromRow(row)).toEqual(e);
    const r = { id: 'r1', name: '李四', phone: null, email: 'l@example.cn', contactNote: null, createdAt: 1 };
    expect(reporterFromRow(reporterToRow(r))).toEqual(r);
  });
});

describe('case list cursor', () => {
  it('round-trips and refuses anything it did not make', () => {
    fc.assert(
      fc.property(time, fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), (reportedAt, id) => {
        expect(decodeCaseCursor(encodeCaseCursor({ reportedAt, id }))).toEqual({ reportedAt, id });
      }),
    );
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const bad of ['', '!!', b64('12'), b64('x.id'), b64('1.a b'), b64(`${'9'.repeat(17)}.a`), b64('1.' + 'a'.repeat(65))])
      expect(decodeCaseCursor(bad), bad).toBeNull();
  });
});
