/**
 * 重复案件: finds the open cases a new report may repeat, so the platform sends one unit once
 * instead of three units three times (MISSION R5, 减少重复派单). Pure: the store picks the open
 * cases of the small class inside {@link searchBox}; this file measures and ranks them.
 *
 * A candidate is an open case of the same small class (a broken lamp is not a duplicate of
 * garbage beside it) within `radiusM` metres and `windowMs` of the report. Confidence falls
 * linearly with distance and with age, half each:
 *
 *     confidence = clip(1 − 0.5 · d / radius − 0.5 · age / window, 0, 1)
 *
 * so the same spot within minutes is ≈ 1, the edge of the circle at the same moment 0.5, and the
 * edge in both space and time 0. Proposals at or above `autoMergeConfidence` may be merged
 * without a person (see {@link autoMergeTarget}); the rest are shown to the operator.
 */
import type { Case } from './case-types.ts';
import { OPEN_STATES } from './case-types.ts';

/** How duplicates are found. */
export interface DuplicateSettings {
  /** Largest distance between a report and its master, metres. */
  radiusM: number;
  /** Largest time between the two reports, ms. */
  windowMs: number;
  /** Proposals this confident or more are merged automatically; within [0, 1]. */
  autoMergeConfidence: number;
}

/** Defaults: 50 m, 24 h, auto-merge at 0.9 (e.g. the same spot within 4.8 h, or within 10 m at the same moment). */
export const DEFAULT_DUPLICATE_SETTINGS: Readonly<DuplicateSettings> = Object.freeze({
  radiusM: 50,
  windowMs: 24 * 3_600_000,
  autoMergeConfidence: 0.9,
});

/** A new report, as far as duplicate search needs it. `id` (if it is already a case) is never its own duplicate. */
export interface DuplicateQuery {
  id?: string;
  category: string;
  lon: number;
  lat: number;
  /** When it was reported, epoch ms. */
  at: number;
}

/** An open case as far as duplicate search needs it. */
export type DuplicateCandidateCase = Pick<Case, 'id' | 'category' | 'location' | 'reportedAt' | 'state'>;

/** A proposed merge of the report into `masterId`. */
export interface DuplicateProposal {
  masterId: string;
  /** Geodesic distance between the two locations, metres. */
  distanceM: number;
  /** Time between the two reports, ms (≥ 0, whichever came first). */
  ageMs: number;
  /** 0–1, see the file comment. */
  confidence: number;
  /** Why, for the operator, in both languages. */
  reason: { zh: string; en: string };
}

/** A bounding box in degrees. */
export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;
const OPEN: ReadonlySet<string> = new Set(OPEN_STATES);

/**
 * Great-circle distance in metres (haversine on the mean sphere: within 0.5 % of the ellipsoid,
 * far below a reporter's GPS error at the tens of metres that matter here).
 * @example distanceM(121.4737, 31.2304, 121.4737, 31.2313) // ≈ 100
 */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The box holding every point within `radiusM` of (lon, lat) on the sphere, for the store's
 * indexed pre-filter (exact distance is checked afterwards). The longitude half-width is the
 * exact one, asin(sin δ / cos φ), not δ / cos φ, so no point at the circle's widest latitude is
 * cut off; near a pole the box spans every longitude. Boxes are not split at the antimeridian
 * (clipped to ±180 instead): cityops serves cities, none of which straddles it.
 */
export function searchBox(lon: number, lat: number, radiusM: number): BBox {
  const delta = Math.max(0, radiusM) / EARTH_RADIUS_M;
  const dLat = delta / RAD;
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  const s = Math.sin(delta) / Math.cos(lat * RAD);
  if (minLat <= -90 || maxLat >= 90 || !(s < 1)) return { minLon: -180, minLat, maxLon: 180, maxLat };
  const dLon = Math.asin(s) / RAD;
  return { minLon: Math.max(-180, lon - dLon), minLat, maxLon: Math.min(180, lon + dLon), maxLat };
}

/** Confidence of a candidate `d` metres and `age` ms away, by the file comment's formula. */
export function duplicateConfidence(d: number, age: number, settings: Readonly<DuplicateSettings>): number {
  const c = 1 - (0.5 * d) / settings.radiusM - (0.5 * age) / settings.windowMs;
  return Math.min(1, Math.max(0, c));
}

/**
 * The open cases of the same small class the report may repeat, most confident first (then
 * nearest, then oldest id for a stable order).
 * @example duplicateCandidates({ category: 'P0101', lon, lat, at }, openCases, DEFAULT_DUPLICATE_SETTINGS)
 */
export function duplicateCandidates(
  report: Readonly<DuplicateQuery>,
  open: readonly DuplicateCandidateCase[],
  settings: Readonly<DuplicateSettings> = DEFAULT_DUPLICATE_SETTINGS,
): DuplicateProposal[] {
  const out: DuplicateProposal[] = [];
  for (const c of open) {
    if (c.id === report.id || c.category !== report.category || !OPEN.has(c.state)) continue;
    const d = distanceM(report.lon, report.lat, c.location.lon, c.location.lat);
    const age = Math.abs(report.at - c.reportedAt);
    if (!(d <= settings.radiusM) || age > settings.windowMs) continue;
    out.push({
      masterId: c.id,
      distanceM: d,
      ageMs: age,
      confidence: duplicateConfidence(d, age, settings),
      reason: reasonOf(d, age, c.reportedAt <= report.at),
    });
  }
  return out.sort((a, b) => b.confidence - a.confidence || a.distanceM - b.distanceM || (a.masterId < b.masterId ? -1 : 1));
}

/** The proposal to merge into without asking (the most confident, if confident enough), or null. */
export function autoMergeTarget(proposals: readonly DuplicateProposal[], settings: Readonly<DuplicateSettings>): DuplicateProposal | null {
  const best = proposals[0];
  return best !== undefined && best.confidence >= settings.autoMergeConfidence ? best : null;
}

/**
 * Settings with defaults filled in; throws on values that would make every report (or none)
 * a duplicate by accident: radius and window must be positive and finite, confidence in [0, 1]
 * (1 means "only exact repeats", and above 1 is refused rather than silently never merging).
 */
export function resolveDuplicateSettings(partial: Partial<DuplicateSettings> = {}): DuplicateSettings {
  const s = { ...DEFAULT_DUPLICATE_SETTINGS, ...partial };
  if (!(s.radiusM > 0) || !Number.isFinite(s.radiusM)) throw new RangeError(`radiusM must be a positive number, got ${s.radiusM}`);
  if (!(s.windowMs > 0) || !Number.isFinite(s.windowMs)) throw new RangeError(`windowMs must be a positive number, got ${s.windowMs}`);
  if (!(s.autoMergeConfidence >= 0 && s.autoMergeConfidence <= 1))
    throw new RangeError(`autoMergeConfidence must be within [0, 1], got ${s.autoMergeConfidence}`);
  return s;
}

/** "12 m away, reported 35 min earlier" in both languages. */
function reasonOf(d: number, age: number, masterFirst: boolean): { zh: string; en: string } {
  const m = Math.round(d);
  const { zh, en } = ageText(age);
  const when = masterFirst ? { zh: '早', en: 'earlier' } : { zh: '晚', en: 'later' };
  return {
    zh: `同类案件，相距 ${m} 米，${when.zh} ${zh}上报`,
    en: `Same category, ${m} m away, reported ${en} ${when.en}`,
  };
}

function ageText(ms: number): { zh: string; en: string } {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return { zh: '不到 1 分钟', en: 'under a minute' };
  if (minutes < 60) return { zh: `${minutes} 分钟`, en: `${minutes} min` };
  const hours = Math.round(ms / 360_000) / 10;
  return { zh: `${hours} 小时`, en: `${hours} h` };
}
