/**
 * Seeded pseudo-random numbers, so the demo city is the same on every run and machine.
 * Each unit (a district, a street, a grid) draws from its own stream seeded by its code, so
 * adding or reordering units never changes another unit's shapes.
 */

/** A seeded random stream. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** xmur3: hashes a string to a 32-bit seed (public-domain, by bryc). */
function hashSeed(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

/**
 * sfc32 (Small Fast Counter, from PractRand) seeded from a string: good statistics, four 32-bit
 * integer words of state, and only integer maths, so identical across platforms.
 *
 * @example
 * const rng = createRng('grid:310101002');
 * rng.next(); // always the same first number for this seed
 */
export function createRng(seed: string): Rng {
  const h = hashSeed(seed);
  let a = h();
  let b = h();
  let c = h();
  let d = h();
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of a fresh sfc32 are correlated with the seed; discard a few.
  for (let i = 0; i < 12; i++) next();
  return { next, int: (n: number) => Math.floor(next() * n) };
}
