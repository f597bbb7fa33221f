/**
 * Placing a request sent without coordinates: `address_id` names a jurisdiction (its id or
 * division code), `address_string` is searched for jurisdiction names, the most specific one
 * found wins (a community before its street, a street before its district). The request is
 * then placed at that jurisdiction's centre — coarse, but inside the right area, so the case
 * reaches the right centre; a citizen who can send coordinates should. Pure.
 */

/** What placing needs to know of a jurisdiction. */
export interface NamedPlace {
  id: string;
  code: string;
  name: string;
  depth: number;
  center: [number, number];
}

/** Names shorter than this are too likely to occur by chance inside other words. */
const MIN_NAME = 2;

/**
 * The most specific jurisdiction named in an address, or undefined: the deepest one, then the
 * longest name.
 * @example placeFromAddress('南京东路街道 南京东路100号', places)?.code // '310101002'
 */
export function placeFromAddress(address: string, places: readonly NamedPlace[]): NamedPlace | undefined {
  const text = address.replace(/\s+/g, '');
  let best: NamedPlace | undefined;
  for (const p of places) {
    if ([...p.name].length < MIN_NAME || !text.includes(p.name.replace(/\s+/g, ''))) continue;
    if (!best || p.depth > best.depth || (p.depth === best.depth && p.name.length > best.name.length)) best = p;
  }
  return best;
}
