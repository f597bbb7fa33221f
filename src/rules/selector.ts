/**
 * Whether a rule applies to a device: by type, tags (all of / any of) and jurisdiction subtree
 * (a materialized-path prefix). Pure.
 */
import type { DeviceFacts } from '../sensing/reading-model.ts';
import type { Selector } from './model.ts';

/**
 * True if the device passes every part of the selector.
 * @example matchesSelector({ deviceTypes: ['camera'], tags: { all: [], any: [] }, jurisdictionId: null, jurisdictionPath: null }, cam); // true
 */
export function matchesSelector(sel: Selector, device: DeviceFacts): boolean {
  if (sel.deviceTypes.length > 0 && !sel.deviceTypes.includes(device.type)) return false;
  if (sel.jurisdictionPath !== null && !device.jurisdictionPath.startsWith(sel.jurisdictionPath)) return false;
  for (const t of sel.tags.all) if (!device.tags.includes(t)) return false;
  if (sel.tags.any.length > 0 && !sel.tags.any.some((t) => device.tags.includes(t))) return false;
  return true;
}

/** A selector that applies to every device. */
export function everyDevice(): Selector {
  return { deviceTypes: [], tags: { all: [], any: [] }, jurisdictionId: null, jurisdictionPath: null };
}

/**
 * Whether two jurisdiction subtrees overlap (one contains the other); null is everywhere.
 * A caller may read the rules that act in any part of their scope, including city-wide ones.
 */
export function subtreesOverlap(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return true;
  return a.startsWith(b) || b.startsWith(a);
}
