/**
 * Seeded randomness for the simulator: a small fast generator (mulberry32) and a way to derive
 * an independent generator from a seed and any keys (a device id, a time), so that the value of
 * a device at a time is the same in every run with that seed, whatever else was generated
 * before. Pure: no I/O, no global state.
 */

/** A source of numbers in [0, 1). */
export type Rng = () => number;

/**
 * A 32-bit FNV-1a hash of a string, continued from `h`.
 * @example hashString('sim-wm-0001') // a number 0 … 2^32 − 1
 */
export function hashString(s: string, h = 0x811c9dc5): number {
  let x = h >>> 0;
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 0x01000193);
  }
  return x >>> 0;
}

/** Scrambles a 32-bit number (murmur3's finalizer), so close seeds give unrelated streams. */
function mix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * The mulberry32 generator from a 32-bit seed.
 * @example const r = mulberry32(42); r(); // 0.6011037519201636
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A generator derived from a seed and keys: the same seed and keys always give the same stream.
 * @example rngFor(7, 'sim-wl-0003', 1795744800000)() // the noise of that gauge at that time
 */
export function rngFor(seed: number, ...keys: ReadonlyArray<string | number>): Rng {
  let h = mix(seed ^ 0x9e3779b9);
  for (const k of keys) h = hashString(`|${k}`, h);
  return mulberry32(mix(h));
}

/**
 * A number in [lo, hi).
 * @example between(rng, 18, 45) // a peak water level in cm
 */
export function between(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/**
 * A whole number in [lo, hi] (both included).
 * @example intBetween(rng, 2, 33) // a floor
 */
export function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor((hi - lo + 1) * rng());
}
