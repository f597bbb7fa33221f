/**
 * A sliding window kept as a ring of fixed-size time buckets instead of every reading: a
 * 12-hour window in 12 one-hour buckets costs 13 numbers per device whatever the reading rate.
 * The ring holds `n + 1` buckets — the `n` that make up the window plus the current, partly
 * filled one — so a window evaluated at time t covers at least `window` and at most one bucket
 * more. Pure: every function returns new arrays.
 */

/** The bucket number of a time: `floor(ts / size)`. */
export function bucketOf(ts: number, size: number): number {
  return Math.floor(ts / size);
}

/** The ring slot of bucket `b` in a ring of `len` slots. */
export function slotOf(b: number, len: number): number {
  const i = b % len;
  return i < 0 ? i + len : i;
}

/**
 * The ring after moving its newest bucket from `head` to `to` (> head): the slots of the buckets
 * in between, now reused, are reset to `empty`.
 */
export function advanceRing(slots: readonly number[], head: number, to: number, empty: number): number[] {
  const len = slots.length;
  if (to - head >= len) return new Array<number>(len).fill(empty);
  const out = slots.slice();
  for (let b = head + 1; b <= to; b++) out[slotOf(b, len)] = empty;
  return out;
}

/**
 * Folds the buckets from `from` to `to` (inclusive, both within the ring) with `f`.
 * @example foldRing([1, 2, 3], 2, 1, 2, 0, (a, v) => a + v); // buckets 1 and 2 → 2 + 3
 */
export function foldRing(slots: readonly number[], from: number, to: number, init: number, f: (acc: number, v: number) => number): number {
  let acc = init;
  const len = slots.length;
  for (let b = from; b <= to; b++) acc = f(acc, slots[slotOf(b, len)] ?? init);
  return acc;
}
