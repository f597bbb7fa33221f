import { describe, expect, it } from 'vitest';
import { zeroCounts } from '../cases/evaluation-model.ts';
import { buildKpis, CounterRate, monthIn, share, todayIn } from './kpi-model.ts';

describe('periods in the city time zone', () => {
  it('today starts at local midnight, not UTC midnight', () => {
    // 2026-11-27 02:00 UTC is 10:00 in Shanghai; its day began 2026-11-26 16:00 UTC.
    const t = Date.UTC(2026, 10, 27, 2);
    expect(todayIn(t, 'Asia/Shanghai')).toEqual({ from: Date.UTC(2026, 10, 26, 16), to: Date.UTC(2026, 10, 27, 16) });
    // 20:00 UTC is already the next day in Shanghai.
    expect(todayIn(Date.UTC(2026, 10, 27, 20), 'Asia/Shanghai').from).toBe(Date.UTC(2026, 10, 27, 16));
  });

  it('a month runs from its first local midnight to the next month’s, and a DST day is 23 hours', () => {
    expect(monthIn(Date.UTC(2026, 10, 27, 2), 'Asia/Shanghai')).toEqual({
      from: Date.UTC(2026, 9, 31, 16),
      to: Date.UTC(2026, 10, 30, 16),
    });
    const d = todayIn(Date.UTC(2026, 2, 29, 12), 'Europe/Berlin');
    expect(d.to - d.from).toBe(23 * 3_600_000);
  });
});

describe('the KPI panel', () => {
  it('fills cases from today’s and this month’s counts, alerts by level, devices and rates', () => {
    const today = { ...zeroCounts(), reported: 7, dispatched: 4, pending: 12, pendingOverdue: 3 };
    const month = { ...zeroCounts(), dueInPeriod: 10, handledOnTime: 8, filed: 20, closed: 15 };
    const k = buildKpis({
      asOf: 5,
      scopePath: '/c/',
      timeZone: 'Asia/Shanghai',
      today: { from: 0, to: 1 },
      month: { from: 0, to: 2 },
      todayCounts: today,
      monthCounts: month,
      alertLevels: ['red', 'red', 'blue'],
      devices: { total: 10, online: 6, offline: 2, unknown: 2 },
      devicesAsOf: 4,
      readingsPerSecond: 12.5,
    });
    expect(k.cases).toEqual({ today: 7, dispatchedToday: 4, open: 12, overdue: 3, onTimeHandlingRate: 0.8, closingRate: 0.75 });
    expect(k.alerts).toEqual({ active: 3, byLevel: { blue: 1, yellow: 0, orange: 0, red: 2 } });
    expect(k.devices.onlineRate).toBe(0.75);
    const empty = buildKpis({
      ...k,
      todayCounts: zeroCounts(),
      monthCounts: zeroCounts(),
      alertLevels: [],
      devices: { total: 0, online: 0, offline: 0, unknown: 0 },
      devicesAsOf: 4,
    });
    expect([empty.cases.onTimeHandlingRate, empty.cases.closingRate, empty.devices.onlineRate]).toEqual([null, null, null]);
    expect(share(3, 0)).toBeNull();
  });
});

describe('CounterRate', () => {
  it('gives the increase per second over about the window', () => {
    const r = new CounterRate(0, 0, 10_000);
    expect(r.sample(1000, 500)).toBe(500);
    expect(r.sample(2000, 1500)).toBe(750);
    // 20 s later: the span reaches back to the newest sample at or before the window's start.
    expect(r.sample(22_000, 21_500)).toBe(1000);
    expect(r.sample(22_000, 21_500)).toBe(1000);
  });
});
