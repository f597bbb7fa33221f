import { describe, expect, it } from 'vitest';
import type { CaseBusEvent, CaseEvent } from './case-types.ts';
import {
  MAX_ATTEMPTS,
  WEBHOOK_EVENT_TYPES,
  matchesSubscription,
  nextAttemptAt,
  payloadOf,
  unitsOf,
  webhookUrlProblem,
} from './webhook-model.ts';

const T = Date.UTC(2026, 10, 27, 2, 0, 0);
const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;

/** A bus event with just what matching and payloads read. */
function event(type: CaseEvent['type'], unitId: string | null, before: Partial<CaseEvent['before']> = {}): CaseBusEvent {
  const entry = { id: `e-${type}`, caseId: 'c1', seq: 3, type, at: T, before, after: {} } as unknown as CaseEvent;
  return { type: `case.${type}`, eventId: entry.id, case: { id: 'c1', unitId } as CaseBusEvent['case'], entry };
}

describe('nextAttemptAt', () => {
  it('waits 10 s, 1 min, 5 min, 30 min, 2 h, then 6 h, and gives up after the 8th attempt', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((n) => nextAttemptAt(n, T)! - T);
    expect(waits).toEqual([10 * S, MIN, 5 * MIN, 30 * MIN, 2 * HOUR, 6 * HOUR, 6 * HOUR]);
    expect(MAX_ATTEMPTS).toBe(8);
    expect(nextAttemptAt(8, T)).toBeNull();
    expect(nextAttemptAt(9, T)).toBeNull();
  });
});

describe('matchesSubscription', () => {
  const sub = { unitId: 'u1', eventTypes: [] as string[], active: true };

  it('sends a unit the events of cases dispatched to it', () => {
    expect(matchesSubscription(event('accepted', 'u1'), sub)).toBe(true);
    expect(matchesSubscription(event('accepted', 'u2'), sub)).toBe(false);
    expect(matchesSubscription(event('reported', null), sub)).toBe(false);
  });

  it('also tells a unit that a case was taken from it (returned, redispatched elsewhere)', () => {
    expect(matchesSubscription(event('returned', null, { unitId: 'u1' }), sub)).toBe(true);
    const redispatched = event('dispatched', 'u2', { unitId: 'u1' });
    expect(matchesSubscription(redispatched, sub)).toBe(true);
    expect(matchesSubscription(redispatched, { ...sub, unitId: 'u2' })).toBe(true);
    expect(unitsOf(redispatched).sort()).toEqual(['u1', 'u2']);
    expect(unitsOf(event('reported', null))).toEqual([]);
  });

  it('keeps to the listed event types (none listed: all) and to active subscriptions', () => {
    const only = { ...sub, eventTypes: ['case.dispatched', 'case.overdue'] };
    expect(matchesSubscription(event('dispatched', 'u1'), only)).toBe(true);
    expect(matchesSubscription(event('commented', 'u1'), only)).toBe(false);
    expect(matchesSubscription(event('commented', 'u1'), { ...sub, active: false })).toBe(false);
  });
});

describe('payloadOf', () => {
  it('is the event, its id and time, the case and the entry, as JSON', () => {
    const e = event('dispatched', 'u1');
    expect(JSON.parse(payloadOf(e))).toEqual({ type: 'case.dispatched', eventId: 'e-dispatched', at: T, case: e.case, entry: e.entry });
  });
  it('names every timeline entry type as case.<type>', () => {
    expect(WEBHOOK_EVENT_TYPES).toContain('case.dispatched');
    expect(WEBHOOK_EVENT_TYPES.every((t) => t.startsWith('case.'))).toBe(true);
    expect(new Set(WEBHOOK_EVENT_TYPES).size).toBe(WEBHOOK_EVENT_TYPES.length);
  });
});

describe('webhookUrlProblem', () => {
  it('accepts absolute http and https URLs', () => {
    expect(webhookUrlProblem('https://ops.example.gov.cn/hooks/cases')).toBeNull();
    expect(webhookUrlProblem('http://10.0.0.5:8080/in?x=1')).toBeNull();
  });
  it('refuses other schemes, relative URLs, credentials and fragments', () => {
    expect(webhookUrlProblem('ftp://example.com/')).toMatch(/http/);
    expect(webhookUrlProblem('file:///etc/passwd')).toMatch(/http/);
    expect(webhookUrlProblem('/hooks')).toMatch(/absolute/);
    expect(webhookUrlProblem('https://user:pw@example.com/')).toMatch(/password/);
    expect(webhookUrlProblem('https://example.com/#x')).toMatch(/fragment/);
  });
});
