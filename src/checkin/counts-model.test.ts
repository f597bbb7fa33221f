import { describe, expect, it } from 'vitest';
import { foldCounts, suppress, type HourCount } from './counts-model.ts';

const H = 3_600_000;
/** 2026-11-27 00:00 in Shanghai (UTC+8) is 2026-11-26 16:00 UTC. */
const SHANGHAI_MIDNIGHT = Date.UTC(2026, 10, 26, 16);

describe('suppress', () => {
  it('hides a total under 5 entirely', () => {
    expect(suppress({ green: 4, yellow: 0, red: 0 })).toEqual({ total: null, byStatus: null });
    expect(suppress({ green: 1, yellow: 1, red: 1 })).toEqual({ total: null, byStatus: null });
  });
  it('shows total and breakdown when every colour present has at least 5', () => {
    expect(suppress({ green: 12, yellow: 5, red: 0 })).toEqual({ total: 17, byStatus: { green: 12, yellow: 5, red: 0 } });
  });
  it('hides the breakdown when one colour has 1–4, so it cannot be had by subtraction', () => {
    expect(suppress({ green: 30, yellow: 0, red: 1 })).toEqual({ total: 31, byStatus: null });
  });
});

describe('foldCounts', () => {
  const rows: HourCount[] = [
    { hour: SHANGHAI_MIDNIGHT + 9 * H, status: 'green', n: 6 },
    { hour: SHANGHAI_MIDNIGHT + 9 * H, status: 'yellow', n: 5 },
    { hour: SHANGHAI_MIDNIGHT + 10 * H, status: 'green', n: 2 },
    { hour: SHANGHAI_MIDNIGHT + 23 * H, status: 'red', n: 1 },
    { hour: SHANGHAI_MIDNIGHT + 24 * H, status: 'green', n: 7 },
  ];
  const q = { timeZone: 'Asia/Shanghai', from: SHANGHAI_MIDNIGHT, to: SHANGHAI_MIDNIGHT + 48 * H };

  it('by hour: non-empty hours in order, small ones hidden', () => {
    const out = foldCounts(rows, { ...q, bucket: 'hour' });
    expect(out.buckets.map((b) => [b.start - SHANGHAI_MIDNIGHT, b.total])).toEqual([
      [9 * H, 11],
      [10 * H, null],
      [23 * H, null],
      [24 * H, 7],
    ]);
    expect(out.overall).toEqual({ total: 21, byStatus: null });
    expect(out.smallestShown).toBe(5);
  });

  it('by day: days start at midnight in the city, not in UTC', () => {
    const out = foldCounts(rows, { ...q, bucket: 'day' });
    expect(out.buckets).toEqual([
      { start: SHANGHAI_MIDNIGHT, total: 14, byStatus: null },
      { start: SHANGHAI_MIDNIGHT + 24 * H, total: 7, byStatus: { green: 7, yellow: 0, red: 0 } },
    ]);
  });

  it('no check-ins: no buckets, nothing shown', () => {
    expect(foldCounts([], { ...q, bucket: 'day' })).toMatchObject({ buckets: [], overall: { total: null } });
  });
});
