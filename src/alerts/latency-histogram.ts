/**
 * A small log-linear latency histogram in milliseconds: exact below 16 ms, then 8 buckets per
 * power of two (≤ 12.5 % error), up to about 4.6 hours; larger values land in the last bucket.
 * Constant memory and O(1) recording, for the reading-to-alert latency the benchmark reports.
 */

const LINEAR = 16;
const SUB = 8;
const MAX_EXP = 24;
const BUCKETS = LINEAR + (MAX_EXP - 4) * SUB;

/** A summary of what was recorded. */
export interface LatencySnapshot {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

function bucketOf(ms: number): number {
  if (ms < LINEAR) return Math.max(0, Math.floor(ms));
  const e = Math.floor(Math.log2(ms));
  if (e >= MAX_EXP) return BUCKETS - 1;
  return LINEAR + (e - 4) * SUB + Math.floor((ms / 2 ** e - 1) * SUB);
}

/** The largest value a bucket holds (its upper bound). */
function upperOf(bucket: number): number {
  if (bucket < LINEAR) return bucket;
  const i = bucket - LINEAR;
  const e = 4 + Math.floor(i / SUB);
  return 2 ** e * (1 + ((i % SUB) + 1) / SUB);
}

/** A histogram of latencies. */
export interface LatencyHistogram {
  record(ms: number): void;
  snapshot(): LatencySnapshot;
  /** The value at quantile q (0..1): the upper bound of its bucket, never above the max seen. */
  quantile(q: number): number;
  reset(): void;
}

/**
 * Creates an empty histogram.
 * @example const h = createLatencyHistogram(); h.record(12); h.snapshot().p99; // 12
 */
export function createLatencyHistogram(): LatencyHistogram {
  let counts = new Float64Array(BUCKETS);
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;

  function quantile(q: number): number {
    if (count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * count));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += counts[b] ?? 0;
      if (seen >= rank) return Math.min(upperOf(b), max);
    }
    return max;
  }

  return {
    record(ms) {
      if (!Number.isFinite(ms)) return;
      const v = Math.max(0, ms);
      counts[bucketOf(v)]! += 1;
      count++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    },
    quantile,
    snapshot() {
      if (count === 0) return { count: 0, min: 0, max: 0, mean: 0, p50: 0, p90: 0, p99: 0 };
      return { count, min, max, mean: sum / count, p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99) };
    },
    reset() {
      counts = new Float64Array(BUCKETS);
      count = 0;
      sum = 0;
      min = Infinity;
      max = -Infinity;
    },
  };
}
