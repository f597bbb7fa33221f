/**
 * Small-count suppression for open statistics, so that no person can be picked out of a
 * published table. Pure.
 *
 * Primary suppression: a count below `k` (default 5) is published as null. Complementary
 * suppression: a row whose total is published would give a lone suppressed cell away
 * (total − the shown cells), so when a row has exactly one suppressed cell the next smallest is
 * suppressed too; and because a reader knows that every listed cell is at least 1, two tiny
 * suppressed cells (1 and 1 next to a total) would still be recoverable from their sum — so
 * cells keep being added, smallest first, until the suppressed cells together hold at least `k`.
 * A total below `k` is suppressed with the whole row.
 *
 * Rates and averages: a rate whose denominator is below `k` is null (a rate over 3 cases tells
 * about 3 people), and so is an average over fewer than `k` cases.
 */

/** The default threshold: counts below 5 are not published. */
export const DEFAULT_K = 5;

/** One row after suppression: cells in input order, the total, and which cells were suppressed secondarily. */
export interface SuppressedRow {
  cells: (number | null)[];
  total: number | null;
  /** Indexes suppressed only to protect another cell (complementary suppression). */
  complementary: number[];
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
}

/**
 * Suppresses a row of counts whose total (their sum) is published beside them.
 * @example suppressRow([2, 7, 40], 5) // { cells: [null, null, 40], total: 49, complementary: [1] }
 */
export function suppressRow(counts: readonly number[], k: number = DEFAULT_K): SuppressedRow {
  checkK(k);
  for (const c of counts) if (!Number.isInteger(c) || c < 0) throw new RangeError(`counts must be non-negative integers, got ${c}`);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total < k) return { cells: counts.map(() => null), total: null, complementary: [] };
  const hidden = new Set<number>();
  counts.forEach((c, i) => {
    if (c < k) hidden.add(i);
  });
  const complementary: number[] = [];
  // Smallest first; ties by position so the result is deterministic.
  const order = counts.map((c, i) => [c, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const hiddenSum = () => [...hidden].reduce((s, i) => s + counts[i]!, 0);
  while (hidden.size > 0 && hidden.size < counts.length && (hidden.size === 1 || hiddenSum() < k)) {
    const next = order.find(([, i]) => !hidden.has(i))!;
    hidden.add(next[1]);
    complementary.push(next[1]);
  }
  return { cells: counts.map((c, i) => (hidden.has(i) ? null : c)), total, complementary };
}

/**
 * A share published only when its denominator is at least `k`.
 * @example suppressedRate(0.8, 4, 5) // null
 */
export function suppressedRate(value: number | null, denominator: number, k: number = DEFAULT_K): number | null {
  checkK(k);
  return denominator >= k ? value : null;
}
