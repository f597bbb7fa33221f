import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AlertActionRequest } from '../alerts/event-model.ts';
import { grantEnd, GRANT_GRACE_MS, handleResult, OUTCOME_LIST, residentsToVisit, welfareRequests } from './model.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const base = { alertId: 'a', policyId: 'p', policyName: 'n', jurisdictionId: null, jurisdictionPath: '/c/' };

describe('welfareRequests', () => {
  it('keeps only community tasks that are welfare visits', () => {
    const actions: AlertActionRequest[] = [
      { ...base, id: '1', action: 'community_task', task: 'welfare_visit', category: 'E0602', urgency: 'normal', unitId: 'u' },
      { ...base, id: '2', action: 'community_task', task: 'falling_object_visit', category: 'E0601', urgency: 'urgent', unitId: 'u' },
      { ...base, id: '3', action: 'create_case', category: 'E0602', urgency: 'normal', unitId: null },
      { ...base, id: '4', action: 'notify_only' },
    ];
    expect(welfareRequests(actions).map((a) => a.id)).toEqual(['1']);
  });
});

describe('residentsToVisit', () => {
  it('names the residents tagged elderly living alone, once each', () => {
    const tags = new Map([
      ['p1', ['elderly_alone', 'disability']],
      ['p2', ['elderly']],
    ]);
    expect(residentsToVisit('h', ['p1', 'p2', 'p1'], tags)).toEqual({ housingId: 'h', personIds: ['p1'], reason: null });
  });

  it('gives the reason when nobody there is tagged (or no resident is known)', () => {
    expect(residentsToVisit('h', ['p2'], new Map([['p2', ['elderly']]]))).toEqual({
      housingId: 'h',
      personIds: [],
      reason: 'no_elderly_resident',
    });
    expect(residentsToVisit('h', ['gone'], new Map())).toMatchObject({ personIds: [], reason: 'no_elderly_resident' });
    expect(residentsToVisit('h', [], new Map())).toMatchObject({ reason: 'no_elderly_resident' });
  });
});

describe('grantEnd', () => {
  it('ends at the handling deadline', () => {
    expect(grantEnd(0, 4 * HOUR, 7 * DAY)).toBe(4 * HOUR);
  });

  it('never lasts longer than the purpose allows', () => {
    expect(grantEnd(0, 30 * DAY, 7 * DAY)).toBe(7 * DAY);
    expect(grantEnd(0, null, 7 * DAY)).toBe(7 * DAY);
  });

  it('gives a short grace when the deadline has passed, so the worker can still go', () => {
    expect(grantEnd(10 * HOUR, 9 * HOUR, 7 * DAY)).toBe(10 * HOUR + GRANT_GRACE_MS);
  });

  it('always ends after now and within the maximum (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e13 }),
        fc.option(fc.integer({ min: 0, max: 2e13 })),
        fc.integer({ min: GRANT_GRACE_MS, max: 30 * DAY }),
        (now, due, max) => {
          const end = grantEnd(now, due, max);
          expect(end).toBeGreaterThan(now);
          expect(end).toBeLessThanOrEqual(now + max);
          if (due !== null && due >= now + GRANT_GRACE_MS && due <= now + max) expect(end).toBe(due);
        },
      ),
    );
  });
});

describe('handleResult', () => {
  it('says the outcome in both languages, with the note', () => {
    expect(handleResult('not_home', '邻居说去女儿家了')).toBe('走访结果：未见本人 · Not at home — 邻居说去女儿家了');
    expect(handleResult('visited_well', null)).toBe('走访结果：已探视，情况良好 · Visited, well');
  });

  it('is never blank (the case machine requires a result)', () => {
    for (const o of OUTCOME_LIST) expect(handleResult(o, null).trim().length).toBeGreaterThan(5);
  });
});
