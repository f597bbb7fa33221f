/**
 * Check-in counts for people without an investigation grant: how many checked in at a venue per
 * hour or per day, by health status — with small numbers suppressed, because "one red check-in
 * at 03:00" can point at a person as surely as a name does.
 *
 * Suppression rule (k = 5): a bucket with 1–4 check-ins shows no number at all (`total: null`);
 * a bucket whose total is shown but where some colour has 1–4 shows no breakdown
 * (`byStatus: null`), so the hidden colour cannot be had by subtracting the others from the
 * total. Known limit: comparing day buckets with hour buckets of the same day can still narrow a
 * hidden hour down to "fewer than 5 in total"; it never yields a colour. Pure, no I/O.
 */
import { DateTime } from 'luxon';
import { HEALTH_STATUSES, type HealthStatus } from './model.ts';

/** Smallest count shown. */
export const SMALLEST_SHOWN = 5;

/** Bucket sizes offered. */
export const COUNT_BUCKETS = ['hour', 'day'] as const;
/** One bucket size. */
export type CountBucketSize = (typeof COUNT_BUCKETS)[number];

/** Check-ins of one status in one UTC hour, as the store groups them. */
export interface HourCount {
  /** Start of the hour, epoch ms. */
  hour: number;
  status: HealthStatus;
  n: number;
}

/** Counts by colour. */
export type StatusCounts = Record<HealthStatus, number>;

/** One bucket as shown: `null` means fewer than {@link SMALLEST_SHOWN}, hidden. */
export interface CountCell {
  /** Start of the bucket (an hour, or midnight in the city's time zone), epoch ms. */
  start: number;
  total: number | null;
  byStatus: StatusCounts | null;
}

/** Counts of a window: the non-empty buckets in time order and the window as a whole. */
export interface VenueCounts {
  bucket: CountBucketSize;
  from: number;
  to: number;
  buckets: CountCell[];
  overall: Omit<CountCell, 'start'>;
  smallestShown: number;
}

const zero = (): StatusCounts => ({ green: 0, yellow: 0, red: 0 });

/** Applies the suppression rule to raw counts. */
export function suppress(counts: StatusCounts): Omit<CountCell, 'start'> {
  const total = HEALTH_STATUSES.reduce((s, k) => s + counts[k], 0);
  if (total < SMALLEST_SHOWN) return { total: null, byStatus: null };
  const smallColour = HEALTH_STATUSES.some((k) => counts[k] > 0 && counts[k] < SMALLEST_SHOWN);
  return { total, byStatus: smallColour ? null : { ...counts } };
}

/**
 * Folds hourly counts into hour or day buckets (days start at midnight in `timeZone`; in a zone
 * with a half-hour offset an hour across midnight counts for the day it starts in), drops empty
 * buckets and suppresses small ones.
 * @example foldCounts(rows, { bucket: 'day', timeZone: 'Asia/Shanghai', from, to })
 */
export function foldCounts(
  rows: readonly HourCount[],
  q: { bucket: CountBucketSize; timeZone: string; from: number; to: number },
): VenueCounts {
  const byStart = new Map<number, StatusCounts>();
  const all = zero();
  for (const r of rows) {
    const start = q.bucket === 'hour' ? r.hour : DateTime.fromMillis(r.hour, { zone: q.timeZone }).startOf('day').toMillis();
    const c = byStart.get(start) ?? zero();
    c[r.status] += r.n;
    all[r.status] += r.n;
    byStart.set(start, c);
  }
  const buckets = [...byStart.entries()].sort(([a], [b]) => a - b).map(([start, c]) => ({ start, ...suppress(c) }));
  return { bucket: q.bucket, from: q.from, to: q.to, buckets, overall: suppress(all), smallestShown: SMALLEST_SHOWN };
}
