/**
 * What a transition changed, for its timeline entry: the fields of the case before and after,
 * without the bookkeeping every change makes. Pure.
 */
import type { Case } from './case-types.ts';

/** Fields every success changes anyway; the timeline's before/after leaves them out. */
const BOOKKEEPING = new Set<string>(['updatedAt', 'version']);

/**
 * The fields that `patch` changes in `c` (structurally, so an equal step is no change), as they
 * were and as they become. Only the patch's fields are looked at — the others keep their values
 * in `{ ...c, ...patch }` — where comparing all fifty fields of the two cases cost ~3 % of a case
 * command's CPU. The entries come in the patch's order.
 */
export function diffPatch(c: Case, patch: Partial<Case>): { before: Partial<Case>; after: Partial<Case> } {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const av = c as unknown as Record<string, unknown>;
  const pv = patch as Record<string, unknown>;
  for (const key in pv) {
    if (BOOKKEEPING.has(key) || sameValue(av[key], pv[key])) continue;
    before[key] = av[key] ?? null;
    after[key] = pv[key] ?? null;
  }
  return { before, after };
}

function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (surelyDiffer(x, y)) return false;
  // Case fields are plain data (numbers, strings, null, small records), so JSON equality is exact.
  return typeof x === 'object' && typeof y === 'object' && x !== null && y !== null && JSON.stringify(x) === JSON.stringify(y);
}

/**
 * True when two records certainly serialise differently: some key holds two different strings,
 * or two different finite non-zero numbers (either way the key's JSON differs). Saves the two
 * JSON.stringify calls for a changed step clock, which most commands make (a new due time).
 */
function surelyDiffer(x: unknown, y: unknown): boolean {
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  const xv = x as Record<string, unknown>;
  const yv = y as Record<string, unknown>;
  for (const key in xv) {
    const a = xv[key];
    const b = yv[key];
    if (a === b) continue;
    if (typeof a === 'string' && typeof b === 'string') return true;
    if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) && a !== 0 && b !== 0) return true;
  }
  return false;
}
