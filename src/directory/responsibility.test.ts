import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ResponsibilityEntry, buildResponsibilityIndex, resolveResponsible } from './responsibility.ts';

const CITY = '/310000/';
const HUANGPU = '/310000/310101/';
const NANJING = '/310000/310101/310101002/';
const WAITAN = '/310000/310101/310101013/';
const XUHUI = '/310000/310104/';

const e = (categoryCode: string, jurisdictionPath: string, unitId: string): ResponsibilityEntry => ({
  categoryCode,
  jurisdictionPath,
  unitId,
});

const MATRIX: ResponsibilityEntry[] = [
  e('*', CITY, 'city-centre'),
  e('manhole-telecom', CITY, 'china-telecom'),
  e('garbage', HUANGPU, 'hp-greening'),
  e('illegal-stall', HUANGPU, 'hp-enforcement'),
  e('illegal-stall', NANJING, 'nj-squad'),
  e('garbage', XUHUI, 'xh-greening'),
  e('broken', '/310000', 'never'),
];

/** Both implementations, so every example checks both. */
function both(entries: ResponsibilityEntry[], category: string, path: string): string | null {
  const a = resolveResponsible(entries, category, path);
  const b = buildResponsibilityIndex(entries).resolve(category, path);
  expect(b).toEqual(a);
  return a?.unitId ?? null;
}

describe('resolveResponsible / buildResponsibilityIndex', () => {
  it('inherits an entry down the tree', () => {
    expect(both(MATRIX, 'garbage', NANJING)).toBe('hp-greening');
    expect(both(MATRIX, 'garbage', HUANGPU)).toBe('hp-greening');
    expect(both(MATRIX, 'manhole-telecom', NANJING)).toBe('china-telecom');
  });

  it('lets a lower level override', () => {
    expect(both(MATRIX, 'illegal-stall', NANJING)).toBe('nj-squad');
    expect(both(MATRIX, 'illegal-stall', WAITAN)).toBe('hp-enforcement');
  });

  it('falls back to the wildcard, and prefers the exact category at the same depth', () => {
    expect(both(MATRIX, 'lamp', NANJING)).toBe('city-centre');
    const m = [e('*', HUANGPU, 'hp-centre'), e('lamp', HUANGPU, 'hp-lamps')];
    expect(both(m, 'lamp', NANJING)).toBe('hp-lamps');
    expect(both([...m].reverse(), 'lamp', NANJING)).toBe('hp-lamps');
  });

  it('lets a deeper wildcard shadow an exact entry above it', () => {
    const m = [e('lamp', HUANGPU, 'hp-lamps'), e('*', NANJING, 'nj-centre')];
    expect(both(m, 'lamp', NANJING)).toBe('nj-centre');
    expect(both(m, 'lamp', WAITAN)).toBe('hp-lamps');
  });

  it('never applies entries outside the target’s ancestor chain', () => {
    expect(both(MATRIX, 'garbage', '/310000/310104/310104003/')).toBe('xh-greening');
    expect(both([e('garbage', NANJING, 'nj')], 'garbage', HUANGPU)).toBeNull();
    expect(both([e('garbage', '/310000/31010/', 'x')], 'garbage', HUANGPU)).toBeNull();
    expect(both([e('garbage', XUHUI, 'x')], 'garbage', NANJING)).toBeNull();
  });

  it('answers null for a malformed target and ignores malformed entries', () => {
    expect(both(MATRIX, 'garbage', '')).toBeNull();
    expect(both(MATRIX, 'garbage', '310000/310101')).toBeNull();
    expect(both([e('broken', '/310000', 'never')], 'broken', NANJING)).toBeNull();
    expect(buildResponsibilityIndex(MATRIX).size).toBe(6);
  });

  it('keeps the first of two entries for the same cell', () => {
    const m = [e('garbage', HUANGPU, 'first'), e('garbage', HUANGPU, 'second')];
    expect(both(m, 'garbage', NANJING)).toBe('first');
    expect(buildResponsibilityIndex(m).size).toBe(1);
  });

  it('returns the entry that decided', () => {
    const r = buildResponsibilityIndex(MATRIX).resolve('illegal-stall', NANJING);
    expect(r?.entry).toEqual(e('illegal-stall', NANJING, 'nj-squad'));
  });
});

/** The rules written out as plainly as possible: filter, then sort by depth, exactness, order. */
function naive(entries: ResponsibilityEntry[], category: string, target: string): string | null {
  const segs = (p: string) => p.split('/').filter((s) => s !== '');
  const t = segs(target);
  const applicable = entries
    .map((entry, order) => ({ entry, order, s: segs(entry.jurisdictionPath) }))
    .filter(({ entry }) => entry.categoryCode === category || entry.categoryCode === '*')
    .filter(({ s }) => s.length <= t.length && s.every((x, i) => t[i] === x));
  applicable.sort(
    (a, b) =>
      b.s.length - a.s.length || Number(b.entry.categoryCode === category) - Number(a.entry.categoryCode === category) || a.order - b.order,
  );
  return applicable[0]?.entry.unitId ?? null;
}

describe('responsibility properties', () => {
  // Small alphabets so that ancestors, look-alike prefixes and collisions happen often.
  const segment = fc.constantFrom('1', '10', '2', '21');
  const path = fc.array(segment, { minLength: 0, maxLength: 3 }).map((s) => `/0/${s.map((x) => `${x}/`).join('')}`);
  const category = fc.constantFrom('A', 'B', 'C');
  const entry = fc.record({
    categoryCode: fc.constantFrom('A', 'B', '*'),
    jurisdictionPath: path,
    unitId: fc.string({ minLength: 1, maxLength: 3 }),
  });

  it('index, linear scan and naive reference agree', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 25 }), category, path, (entries, cat, target) => {
        const expected = naive(entries, cat, target);
        expect(resolveResponsible(entries, cat, target)?.unitId ?? null).toBe(expected);
        expect(buildResponsibilityIndex(entries).resolve(cat, target)?.unitId ?? null).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('the deciding entry is always an ancestor-or-self of the target with a matching category', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 25 }), category, path, (entries, cat, target) => {
        const r = buildResponsibilityIndex(entries).resolve(cat, target);
        if (r === null) return;
        expect(target.startsWith(r.entry.jurisdictionPath)).toBe(true);
        expect([cat, '*']).toContain(r.entry.categoryCode);
      }),
    );
  });

  it('resolves 100 000 lookups over a city-sized matrix quickly', () => {
    const entries: ResponsibilityEntry[] = [e('*', CITY, 'centre')];
    const targets: string[] = [];
    for (let d = 0; d < 16; d++) {
      const dp = `${CITY}d${d}/`;
      for (let c = 0; c < 300; c++) entries.push(e(`cat${c}`, dp, `u${d}-${c}`));
      for (let s = 0; s < 15; s++) {
        const sp = `${dp}s${s}/`;
        entries.push(e('cat7', sp, `squad${d}-${s}`));
        targets.push(`${sp}g1/`);
      }
    }
    const index = buildResponsibilityIndex(entries);
    const started = performance.now();
    let found = 0;
    for (let i = 0; i < 100_000; i++) {
      const target = targets[i % targets.length] ?? CITY;
      if (index.resolve(`cat${i % 320}`, target) !== null) found++;
    }
    expect(found).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
