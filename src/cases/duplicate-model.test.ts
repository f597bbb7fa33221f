import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_DUPLICATE_SETTINGS,
  autoMergeTarget,
  distanceM,
  duplicateCandidates,
  resolveDuplicateSettings,
  searchBox,
  type DuplicateCandidateCase,
} from './duplicate-model.ts';
import type { CaseState } from './case-types.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
// People's Square, Shanghai.
const LON = 121.4737;
const LAT = 31.2304;
/** Degrees of latitude per metre on the mean sphere. */
const DEG_PER_M = 180 / (Math.PI * 6_371_008.8);
const T0 = Date.UTC(2026, 2, 10, 2, 0);

function openCase(
  id: string,
  northM: number,
  reportedAt: number,
  over: { category?: string; state?: CaseState } = {},
): DuplicateCandidateCase {
  return {
    id,
    category: over.category ?? 'E0101',
    state: over.state ?? 'dispatched',
    reportedAt,
    location: { lon: LON, lat: LAT + northM * DEG_PER_M, address: null },
  };
}

describe('distanceM', () => {
  it('measures a known distance', () => {
    expect(distanceM(LON, LAT, LON, LAT + 100 * DEG_PER_M)).toBeCloseTo(100, 6);
    // People's Square to the Oriental Pearl Tower: about 2.2 km.
    expect(distanceM(121.4737, 31.2304, 121.4997, 31.2397)).toBeGreaterThan(2_000);
    expect(distanceM(121.4737, 31.2304, 121.4997, 31.2397)).toBeLessThan(2_700);
  });
  it('is symmetric and zero at the same spot', () => {
    expect(distanceM(LON, LAT, LON, LAT)).toBe(0);
    expect(distanceM(1, 2, 3, 4)).toBeCloseTo(distanceM(3, 4, 1, 2), 9);
  });
});

describe('duplicateCandidates', () => {
  const report = { category: 'E0101', lon: LON, lat: LAT, at: T0 };

  it('proposes a case at the same spot minutes earlier with confidence ≈ 1', () => {
    const [p, ...rest] = duplicateCandidates(report, [openCase('a', 0, T0 - 5 * MIN)], DEFAULT_DUPLICATE_SETTINGS);
    expect(rest).toEqual([]);
    expect(p?.masterId).toBe('a');
    expect(p?.confidence).toBeGreaterThan(0.99);
    expect(p?.ageMs).toBe(5 * MIN);
    expect(p?.reason.en).toBe('Same category, 0 m away, reported 5 min earlier');
    expect(p?.reason.zh).toBe('同类案件，相距 0 米，早 5 分钟上报');
  });

  it('follows the documented formula', () => {
    const [p] = duplicateCandidates(report, [openCase('a', 25, T0 - 6 * HOUR)]);
    expect(p?.distanceM).toBeCloseTo(25, 6);
    expect(p?.confidence).toBeCloseTo(1 - 0.5 * (25 / 50) - 0.5 * (6 / 24), 6);
    expect(p?.reason.en).toBe('Same category, 25 m away, reported 6 h earlier');
  });

  it('ignores other categories, closed cases, far ones, old ones and the report itself', () => {
    const open = [
      openCase('other-class', 0, T0, { category: 'E0102' }),
      openCase('closed', 0, T0, { state: 'closed' }),
      openCase('merged', 0, T0, { state: 'merged' }),
      openCase('far', 60, T0),
      openCase('old', 0, T0 - 25 * HOUR),
      openCase('self', 0, T0),
    ];
    expect(duplicateCandidates({ ...report, id: 'self' }, open)).toEqual([]);
  });

  it('ranks by confidence, then distance', () => {
    const open = [openCase('far-new', 40, T0), openCase('near-old', 5, T0 - 20 * HOUR), openCase('near-new', 5, T0 - MIN)];
    expect(duplicateCandidates(report, open).map((p) => p.masterId)).toEqual(['near-new', 'far-new', 'near-old']);
  });

  it('keeps confidence in [0, 1] and only returns candidates within radius and window', () => {
    const caseArb = fc.record({
      north: fc.double({ min: -120, max: 120, noNaN: true }),
      age: fc.integer({ min: -30 * HOUR, max: 30 * HOUR }),
    });
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 20 }), (cs) => {
        const open = cs.map((c, i) => openCase(`c${i}`, c.north, T0 - c.age));
        const ps = duplicateCandidates(report, open);
        for (const p of ps) {
          expect(p.confidence >= 0 && p.confidence <= 1).toBe(true);
          expect(p.distanceM).toBeLessThanOrEqual(50);
          expect(p.ageMs).toBeLessThanOrEqual(24 * HOUR);
        }
        for (let i = 1; i < ps.length; i++) expect(ps[i - 1]!.confidence).toBeGreaterThanOrEqual(ps[i]!.confidence);
      }),
    );
  });
});

describe('autoMergeTarget', () => {
  it('merges only a confident best proposal', () => {
    const report = { category: 'E0101', lon: LON, lat: LAT, at: T0 };
    const settings = DEFAULT_DUPLICATE_SETTINGS;
    expect(autoMergeTarget(duplicateCandidates(report, [openCase('a', 2, T0 - MIN)]), settings)?.masterId).toBe('a');
    expect(autoMergeTarget(duplicateCandidates(report, [openCase('a', 30, T0 - MIN)]), settings)).toBeNull();
    expect(autoMergeTarget([], settings)).toBeNull();
  });
});

describe('searchBox', () => {
  it('contains every point within the radius', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: -85, max: 85, noNaN: true }),
        fc.double({ min: 1, max: 5_000, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (lon, lat, r, bearing) => {
          // The point at distance r (a hair less, for rounding) along `bearing`, by the direct geodesic on the sphere.
          const d = (r * 0.999999) / 6_371_008.8;
          const φ1 = (lat * Math.PI) / 180;
          const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(bearing));
          const λ2 = Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
          const p = { lon: lon + (λ2 * 180) / Math.PI, lat: (φ2 * 180) / Math.PI };
          const b = searchBox(lon, lat, r);
          expect(p.lat).toBeGreaterThanOrEqual(b.minLat);
          expect(p.lat).toBeLessThanOrEqual(b.maxLat);
          expect(p.lon).toBeGreaterThanOrEqual(b.minLon);
          expect(p.lon).toBeLessThanOrEqual(b.maxLon);
        },
      ),
    );
  });
  it('is tight: about ±50 m in Shanghai', () => {
    const b = searchBox(LON, LAT, 50);
    expect(distanceM(LON, b.minLat, LON, b.maxLat)).toBeCloseTo(100, 3);
    expect(distanceM(b.minLon, LAT, b.maxLon, LAT)).toBeCloseTo(100, 1);
  });
  it('spans every longitude at a pole', () => {
    expect(searchBox(0, 89.9999, 50)).toMatchObject({ minLon: -180, maxLon: 180 });
  });
});

describe('resolveDuplicateSettings', () => {
  it('fills defaults and refuses nonsense', () => {
    expect(resolveDuplicateSettings({ radiusM: 30 })).toEqual({ ...DEFAULT_DUPLICATE_SETTINGS, radiusM: 30 });
    expect(() => resolveDuplicateSettings({ radiusM: 0 })).toThrow(RangeError);
    expect(() => resolveDuplicateSettings({ windowMs: Number.NaN })).toThrow(RangeError);
    expect(() => resolveDuplicateSettings({ autoMergeConfidence: 1.5 })).toThrow(RangeError);
  });
});
