/**
 * The responsibility matrix: which unit handles a category of case in a jurisdiction.
 * An entry set at a jurisdiction is inherited by everything below it and can be overridden at
 * any level below (a street's enforcement squad instead of the district's bureau). Resolution:
 * 1. only entries at the target jurisdiction or one of its ancestors apply;
 * 2. the deepest such jurisdiction wins;
 * 3. at the same depth, an entry for the exact category beats the wildcard '*';
 * 4. two entries for the same jurisdiction and category are a data error; the first one listed
 *    wins, so the answer is at least deterministic.
 *
 * Rule 2 comes before rule 3 on purpose: an override at a street for '*' shadows exact entries
 * set higher up. So a catch-all belongs at the top, not at every level.
 */
import { isValidPath, isWithin } from './scope.ts';

/** The wildcard category: any category without an entry of its own at the same level. */
export const ANY_CATEGORY = '*';

/** One cell of the matrix. `jurisdictionPath` is a materialized path (see scope.ts). */
export interface ResponsibilityEntry {
  /** A small-class code from the catalogue, or '*' for any. */
  categoryCode: string;
  jurisdictionPath: string;
  unitId: string;
}

/** The unit found responsible and the entry that said so (for explaining a dispatch). */
export interface Responsible {
  unitId: string;
  entry: ResponsibilityEntry;
}

/**
 * The responsible unit for a category at a target jurisdiction, by a linear scan of the
 * entries. Fine for one lookup; use {@link buildResponsibilityIndex} for many.
 * Null when no entry applies or the target path is malformed; malformed entries never apply.
 */
export function resolveResponsible(
  entries: readonly ResponsibilityEntry[],
  categoryCode: string,
  targetJurisdictionPath: string,
): Responsible | null {
  if (!isValidPath(targetJurisdictionPath)) return null;
  let best: ResponsibilityEntry | null = null;
  let bestExact = false;
  for (const entry of entries) {
    const exact = entry.categoryCode === categoryCode;
    if (!exact && entry.categoryCode !== ANY_CATEGORY) continue;
    if (!isWithin(targetJurisdictionPath, entry.jurisdictionPath)) continue;
    // Every applicable path is a prefix of the target, so a longer path is a deeper one.
    const deeper = best === null || entry.jurisdictionPath.length > best.jurisdictionPath.length;
    const sameDepthMoreExact = best !== null && entry.jurisdictionPath.length === best.jurisdictionPath.length && exact && !bestExact;
    if (deeper || sameDepthMoreExact) {
      best = entry;
      bestExact = exact;
    }
  }
  return best === null ? null : { unitId: best.unitId, entry: best };
}

/** A prebuilt matrix answering many lookups in time proportional to the target's depth. */
export interface ResponsibilityIndex {
  /** Same answer as {@link resolveResponsible} over the entries the index was built from. */
  resolve(categoryCode: string, jurisdictionPath: string): Responsible | null;
  /** How many distinct (jurisdiction, category) cells the index holds. */
  readonly size: number;
}

/**
 * Indexes the entries by jurisdiction path, then category. (Two nested maps rather than one
 * keyed by `path|category`: no separator can be ambiguous if a code ever contains it.)
 */
export function buildResponsibilityIndex(entries: readonly ResponsibilityEntry[]): ResponsibilityIndex {
  const byPath = new Map<string, Map<string, ResponsibilityEntry>>();
  let size = 0;
  for (const entry of entries) {
    if (!isValidPath(entry.jurisdictionPath)) continue;
    let cell = byPath.get(entry.jurisdictionPath);
    if (cell === undefined) {
      cell = new Map();
      byPath.set(entry.jurisdictionPath, cell);
    }
    // First entry wins, as in the linear scan.
    if (!cell.has(entry.categoryCode)) {
      cell.set(entry.categoryCode, entry);
      size++;
    }
  }

  function resolve(categoryCode: string, jurisdictionPath: string): Responsible | null {
    if (!isValidPath(jurisdictionPath)) return null;
    // Walk from the target up to the top: '/a/b/c/' → '/a/b/' → '/a/'.
    let p = jurisdictionPath;
    for (;;) {
      const cell = byPath.get(p);
      const entry = cell?.get(categoryCode) ?? cell?.get(ANY_CATEGORY);
      if (entry !== undefined) return { unitId: entry.unitId, entry };
      const i = p.lastIndexOf('/', p.length - 2);
      if (i <= 0) return null;
      p = p.slice(0, i + 1);
    }
  }

  return { resolve, size };
}
