/**
 * The city screen's KPI panel: the periods it counts over (today and this month in the city's
 * time zone), the panel's shape, and the pure arithmetic that fills it from case counts, active
 * alerts, devices and the readings counter. No I/O.
 */
import { DateTime } from 'luxon';
import type { WarningLevel } from '../rules/signal-model.ts';
import { indicatorsOf, type IndicatorCounts } from '../cases/evaluation-model.ts';

/** A period [from, to), epoch ms. */
export interface Period {
  from: number;
  to: number;
}

/** Today in the time zone: local midnight to the next local midnight (23 or 25 h across DST). */
export function todayIn(now: number, timeZone: string): Period {
  const d = DateTime.fromMillis(now, { zone: timeZone }).startOf('day');
  return { from: d.toMillis(), to: d.plus({ days: 1 }).toMillis() };
}

/** This calendar month in the time zone. */
export function monthIn(now: number, timeZone: string): Period {
  const m = DateTime.fromMillis(now, { zone: timeZone }).startOf('month');
  return { from: m.toMillis(), to: m.plus({ months: 1 }).toMillis() };
}

/** Devices by liveness. */
export interface DeviceCounts {
  total: number;
  online: number;
  offline: number;
  /** Never heard from, or of a type that reports only on events (no heartbeat to miss). */
  unknown: number;
}

/** The KPI panel of one subtree. */
export interface ScreenKpis {
  /** When the figures were computed (epoch ms, the platform clock). */
  asOf: number;
  scopePath: string;
  timeZone: string;
  today: Period;
  month: Period;
  cases: {
    /** Reported since local midnight. */
    today: number;
    /** First dispatched since local midnight. */
    dispatchedToday: number;
    /** Open now (reported, not closed, rejected, merged or voided). */
    open: number;
    /** Open with the running step past its due time (parked cases excepted). */
    overdue: number;
    /** 按期处置率 this month: handled on time ÷ due this month; null when nothing fell due. */
    onTimeHandlingRate: number | null;
    /** 结案率 this month: closed ÷ filed this month; null when nothing was filed. */
    closingRate: number | null;
  };
  alerts: { active: number; byLevel: Record<WarningLevel, number> };
  devices: DeviceCounts & {
    /** online ÷ (online + offline); unknown devices are left out; null when there are none. */
    onlineRate: number | null;
    /** When the device states were read (they are refreshed every few seconds). */
    asOf: number;
  };
  /** Readings accepted per second, platform-wide (this process), over the last few seconds. */
  readingsPerSecond: number;
}

/** A share in [0, 1], or null without a denominator. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.min(1, Math.max(0, part / whole)) : null;
}

/** What the KPIs are made of. */
export interface KpiInputs {
  asOf: number;
  scopePath: string;
  timeZone: string;
  today: Period;
  month: Period;
  /** Counts over today (whose period end is now: `pending` and `pendingOverdue` are now). */
  todayCounts: IndicatorCounts;
  monthCounts: IndicatorCounts;
  alertLevels: readonly WarningLevel[];
  devices: DeviceCounts;
  devicesAsOf: number;
  readingsPerSecond: number;
}

/** Fills the panel. */
export function buildKpis(i: KpiInputs): ScreenKpis {
  const byLevel: Record<WarningLevel, number> = { blue: 0, yellow: 0, orange: 0, red: 0 };
  for (const l of i.alertLevels) byLevel[l]++;
  // The evaluation's own formulas (综合评价), so the screen and the evaluation agree.
  const month = indicatorsOf(i.monthCounts);
  return {
    asOf: i.asOf,
    scopePath: i.scopePath,
    timeZone: i.timeZone,
    today: i.today,
    month: i.month,
    cases: {
      today: i.todayCounts.reported,
      dispatchedToday: i.todayCounts.dispatched,
      open: i.todayCounts.pending,
      overdue: i.todayCounts.pendingOverdue,
      onTimeHandlingRate: month.onTimeHandlingRate,
      closingRate: month.closingRate,
    },
    alerts: { active: i.alertLevels.length, byLevel },
    devices: { ...i.devices, onlineRate: share(i.devices.online, i.devices.online + i.devices.offline), asOf: i.devicesAsOf },
    readingsPerSecond: i.readingsPerSecond,
  };
}

/**
 * A rate from a growing counter sampled now and then: the increase over the span back to the
 * oldest sample within `windowMs` (or the newest older one, after a quiet spell), per second.
 */
export class CounterRate {
  readonly #samples: Array<{ t: number; n: number }> = [];
  readonly #windowMs: number;

  constructor(t: number, n: number, windowMs = 10_000) {
    this.#samples.push({ t, n });
    this.#windowMs = windowMs;
  }

  /** Records `n` at time `t` (ms) and returns the rate per second. */
  sample(t: number, n: number): number {
    const s = this.#samples;
    // Keep one sample at or before the window's start, so the span is always about the window.
    while (s.length > 1 && s[1]!.t <= t - this.#windowMs) s.shift();
    const base = s[0]!;
    if (t - s[s.length - 1]!.t >= 250) s.push({ t, n });
    const dt = t - base.t;
    return dt > 0 ? Math.max(0, ((n - base.n) * 1000) / dt) : 0;
  }
}
