/**
 * The evaluation's counts on every dialect, against a hand-computed expectation over a dozen
 * cases chosen to hit each condition's edges: before / in / after the period, handled late and
 * on time, handled after the period end, parked, voided, another district, no unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { sparseCase } from './case-fixtures.ts';
import { insertCase } from '../../src/cases/store.ts';
import { aggregateIndicators, pathDepth, pathPrefixAt, pathRange, type IndicatorRow } from '../../src/cases/evaluation-store.ts';
import { zeroCounts, type IndicatorCounts } from '../../src/cases/evaluation-model.ts';
import { workingTimeBetween } from '../../src/cases/calendar-model.ts';
import { CHINA_WORKING_CALENDAR } from '../../src/cases/calendar-data.ts';
import type { Case, StepClock } from '../../src/cases/case-types.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const M0 = Date.UTC(2026, 2, 2, 1); // the period: [M0, M1)
const M1 = M0 + 30 * DAY;
const NOW = M1 + 10 * DAY;
const S1 = '/C/D1/S1/';
const S2 = '/C/D1/S2/';

function handleStep(startedAt: number, dueAt: number, paused = false): StepClock {
  return {
    step: 'handle',
    startedAt,
    dueAt,
    limit: { amount: 4, unit: 'working_hours' },
    pausedRemainingMs: paused ? HOUR : null,
    overdueAt: null,
  };
}

/** A case at `path` for `unit`, reported at `r` and (unless overridden) filed and first dispatched then. */
function mk(id: string, path: string, unitId: string | null, r: number, over: Partial<Case>): Case {
  return sparseCase({
    id,
    jurisdictionId: path.split('/').at(-2) ?? '',
    jurisdictionPath: path,
    centreId: `centre-${path.split('/')[2] ?? ''}`,
    centrePath: path,
    unitId,
    reportedAt: r,
    filedAt: r,
    firstDispatchedAt: unitId ? r : null,
    dispatchedAt: unitId ? r : null,
    dispatchCount: unitId ? 1 : 0,
    state: 'dispatched',
    updatedAt: r,
    ...over,
  });
}

const CASES: Case[] = [
  // U1: closed on time within the period.
  mk('c01', S1, 'U1', M0 + DAY, {
    state: 'closed',
    handledAt: M0 + 2 * DAY,
    handleDueAt: M0 + 3 * DAY,
    handledOnTime: true,
    closedAt: M0 + 2 * DAY + 2 * HOUR,
    closedOnTime: true,
    updatedAt: M0 + 2 * DAY + 2 * HOUR,
  }),
  // U1: returned once, extended, handled late, reworked, closed late; taken by the 12345 hotline.
  mk('c02', S1, 'U1', M0 + 5 * DAY, {
    source: 'hotline',
    state: 'closed',
    returnCount: 1,
    extensionCount: 1,
    reworkCount: 1,
    dispatchedAt: M0 + 5 * DAY + HOUR,
    handledAt: M0 + 9 * DAY,
    handleDueAt: M0 + 8 * DAY,
    handledOnTime: false,
    closedAt: M0 + 10 * DAY,
    closedOnTime: false,
    updatedAt: M0 + 10 * DAY,
  }),
  // U2: handling due in the period, passed, not handled: due, late, pending and overdue at the end.
  mk('c03', S2, 'U2', M0 + 10 * DAY, { state: 'accepted', step: handleStep(M0 + 10 * DAY, M0 + 12 * DAY) }),
  // U2: due after the period: pending, not overdue.
  mk('c04', S2, 'U2', M0 + 20 * DAY, { state: 'accepted', step: handleStep(M0 + 20 * DAY, M1 + 2 * DAY) }),
  // U1: filed and dispatched before the period, handled on time in it, closed in it.
  mk('c05', S2, 'U1', M0 - 10 * DAY, {
    state: 'closed',
    handledAt: M0 + DAY,
    handleDueAt: M0 + 2 * DAY,
    handledOnTime: true,
    closedAt: M0 + 3 * DAY,
    closedOnTime: true,
    updatedAt: M0 + 3 * DAY,
  }),
  // U1: closed long before the period: counts nowhere.
  mk('c06', S1, 'U1', M0 - 40 * DAY, {
    state: 'closed',
    handledAt: M0 - 35 * DAY,
    handleDueAt: M0 - 34 * DAY,
    handledOnTime: true,
    closedAt: M0 - 30 * DAY,
    closedOnTime: true,
    updatedAt: M0 - 30 * DAY,
  }),
  // Another district: outside the scope.
  mk('c07', '/C/D2/S9/', 'U1', M0 + DAY, {
    state: 'closed',
    handledAt: M0 + 2 * DAY,
    handleDueAt: M0 + 3 * DAY,
    handledOnTime: true,
    closedAt: M0 + 3 * DAY,
    closedOnTime: true,
    updatedAt: M0 + 3 * DAY,
  }),
  // No unit: filed, never dispatched, dispatch step overdue.
  mk('c08', S1, null, M0 + 15 * DAY, {
    state: 'filed',
    step: { ...handleStep(M0 + 15 * DAY, M0 + 15 * DAY + 30 * MIN), step: 'dispatch' },
  }),
  // U2: reported after the period.
  mk('c09', S1, 'U2', M1 + DAY, {}),
  // U1: handled after the period end, late: due in the period, pending and overdue at its end.
  mk('c10', S1, 'U1', M0 + 25 * DAY, {
    state: 'handled',
    handledAt: M1 + 2 * DAY,
    handleDueAt: M0 + 28 * DAY,
    handledOnTime: false,
    step: { ...handleStep(M1 + 2 * DAY, M1 + 3 * DAY), step: 'verify' },
    updatedAt: M1 + 2 * DAY,
  }),
  // U2: parked with a stale due time: pending, neither due nor overdue.
  mk('c11', S2, 'U2', M0 + 3 * DAY, { state: 'parked', parkedFrom: 'accepted', step: handleStep(M0 + 3 * DAY, M0 + 4 * DAY, true) }),
  // No unit: voided: reported only.
  mk('c12', S1, null, M0 + 2 * DAY, { state: 'voided', filedAt: null }),
  // No unit, located at the district itself: reported, not filed, pending.
  mk('c13', '/C/D1/', null, M0 + 6 * DAY, { state: 'reported', filedAt: null }),
];

const working = (a: number, b: number) => workingTimeBetween(a, b, CHINA_WORKING_CALENDAR);

function counts(over: Partial<IndicatorCounts>): IndicatorCounts {
  return { ...zeroCounts(), ...over };
}

const BY_UNIT: Record<string, IndicatorCounts> = {
  U1: counts({
    reported: 3,
    filed: 3,
    dispatched: 3,
    returned: 1,
    handled: 3,
    handledOnTime: 2,
    dueInPeriod: 4,
    closed: 2,
    closedOnTime: 1,
    reworked: 1,
    extended: 1,
    pendingOverdue: 1,
    pending: 1,
    handlingMsSum: working(M0 + DAY, M0 + 2 * DAY) + working(M0 + 5 * DAY + HOUR, M0 + 9 * DAY) + working(M0 - 10 * DAY, M0 + DAY),
    handlingCount: 3,
  }),
  U2: counts({ reported: 3, filed: 3, dispatched: 3, dueInPeriod: 1, pending: 3, pendingOverdue: 1 }),
  none: counts({ reported: 3, filed: 1, pending: 2, pendingOverdue: 1 }),
};

function byKey(rows: IndicatorRow[]): Record<string, IndicatorCounts> {
  return Object.fromEntries(rows.map((r) => [r.groupKey ?? 'none', r.counts]));
}

describe('path helpers', () => {
  it('measure depth, cut prefixes and bound subtrees', () => {
    expect(pathDepth('/')).toBe(0);
    expect(pathDepth('/C/D1/S1/')).toBe(3);
    expect(pathPrefixAt('/C/D1/S1/', 2)).toBe('/C/D1/');
    expect(pathPrefixAt('/C/D1/', 3)).toBe('/C/D1/');
    expect(pathRange('/C/D1/')).toEqual(['/C/D1/', '/C/D10']);
  });
});

describe.each(availableDialects())('aggregateIndicators on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    for (const c of CASES) await insertCase(t.database.db, c);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('counts per unit over a finished period', async () => {
    const rows = await aggregateIndicators(t.database.db, { from: M0, to: M1, now: NOW, scopePath: '/C/D1/', groupBy: 'unit' });
    expect(rows.map((r) => r.groupKey)).toEqual(['U1', 'U2', null]);
    expect(byKey(rows)).toEqual(BY_UNIT);
  });

  it('counts per street below the scope, a case at the district itself in a group of its own', async () => {
    const rows = byKey(
      await aggregateIndicators(t.database.db, { from: M0, to: M1, now: NOW, scopePath: '/C/D1/', groupBy: 'jurisdiction' }),
    );
    expect(Object.keys(rows).sort()).toEqual(['/C/D1/', S1, S2]);
    expect(rows[S1]).toMatchObject({ reported: 5, filed: 4, handled: 2, pending: 2, pendingOverdue: 2, dueInPeriod: 3, handledOnTime: 1 });
    expect(rows[S2]).toMatchObject({ reported: 3, filed: 3, handled: 1, pending: 3, pendingOverdue: 1, dueInPeriod: 2, handledOnTime: 1 });
    expect(rows['/C/D1/']).toMatchObject({ reported: 1, filed: 0, pending: 1 });
  });

  it('groups the city by district and sums to the same totals', async () => {
    const rows = byKey(await aggregateIndicators(t.database.db, { from: M0, to: M1, now: NOW, scopePath: '/C/', groupBy: 'jurisdiction' }));
    expect(Object.keys(rows).sort()).toEqual(['/C/D1/', '/C/D2/']);
    expect(rows['/C/D1/']?.reported).toBe(9);
    expect(rows['/C/D2/']).toMatchObject({ reported: 1, handled: 1, handledOnTime: 1, closed: 1 });
    const all = byKey(
      await aggregateIndicators(t.database.db, {
        from: M0,
        to: M1,
        now: NOW,
        scopePath: '/',
        groupBy: 'jurisdiction',
        jurisdictionDepth: 1,
      }),
    );
    expect(all['/C/']?.reported).toBe(10);
  });

  it('groups by category and centre', async () => {
    const cat = await aggregateIndicators(t.database.db, { from: M0, to: M1, now: NOW, scopePath: '/C/D1/', groupBy: 'category' });
    expect(cat).toEqual([{ groupKey: 'P0101', counts: expect.objectContaining({ reported: 9, pending: 6 }) }]);
    const centre = await aggregateIndicators(t.database.db, { from: M0, to: M1, now: NOW, scopePath: '/C/', groupBy: 'centre' });
    expect(centre.map((r) => r.groupKey)).toEqual(['centre-D1', 'centre-D2']);
  });

  it('groups by source, the role or channel that found the case', async () => {
    const bySource = byKey(
      await aggregateIndicators(t.database.db, { from: M0, to: M1, now: NOW, scopePath: '/C/D1/', groupBy: 'source' }),
    );
    expect(Object.keys(bySource).sort()).toEqual(['citizen', 'hotline']);
    expect(bySource.hotline).toMatchObject({ reported: 1, returned: 1, reworked: 1, extended: 1, closed: 1, closedOnTime: 0 });
    expect(bySource.citizen!.reported + bySource.hotline!.reported).toBe(9);
  });

  it('ends a running period now: a due time still ahead is no failure yet', async () => {
    const now = M0 + 11 * DAY;
    const rows = byKey(await aggregateIndicators(t.database.db, { from: M0, to: M1, now, scopePath: '/C/D1/', groupBy: 'unit' }));
    // c03 is due at M0 + 12 d, c04 not reported yet by `now`: c03 and c11 are pending, none overdue.
    expect(rows.U2).toMatchObject({ dueInPeriod: 0, pending: 2, pendingOverdue: 0 });
  });

  it('refuses malformed queries', async () => {
    const q = { from: M0, to: M1, now: NOW, scopePath: '/C/D1/', groupBy: 'unit' } as const;
    await expect(aggregateIndicators(t.database.db, { ...q, scopePath: '' })).rejects.toThrow(RangeError);
    await expect(aggregateIndicators(t.database.db, { ...q, to: M0 })).rejects.toThrow(RangeError);
    await expect(aggregateIndicators(t.database.db, { ...q, from: 1.5 })).rejects.toThrow(RangeError);
  });
});
