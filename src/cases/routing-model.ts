/**
 * Routing (派单 and 上报/流转): which operation centre is in charge of a case, and where it goes
 * when that centre cannot handle it. Pure: the service passes in the centres it knows.
 *
 * Cases are handled at the lowest level that can. A street centre dispatches within its street:
 * if the unit the responsibility matrix names lies outside the street (a district bureau, a
 * city-wide asset owner), the street cannot dispatch to it, so the case starts at the lowest
 * centre whose jurisdiction covers both the place and that unit — the district, or the city.
 */
import type { CentreLevel } from './case-types.ts';

/** An operation centre as routing sees it. */
export interface CentreRef {
  id: string;
  level: CentreLevel;
  /** Materialized path of the centre's jurisdiction. */
  path: string;
}

/** Centre levels from the bottom up. */
export const CENTRE_LEVELS: readonly CentreLevel[] = ['street', 'district', 'city'];

/** Rank of a centre level: street 0, district 1, city 2. */
export function centreRank(level: CentreLevel): number {
  return CENTRE_LEVELS.indexOf(level);
}

/** True if a jurisdiction level names an operation-centre level. */
export function isCentreLevel(level: string): level is CentreLevel {
  return (CENTRE_LEVELS as readonly string[]).includes(level);
}

/**
 * The centres covering a place, lowest first: the street centre, then the district, then the city.
 * Only centres whose jurisdiction contains `path` qualify.
 */
export function centresCovering(path: string, centres: readonly CentreRef[]): CentreRef[] {
  return centres
    .filter((c) => path.startsWith(c.path))
    .sort((a, b) => centreRank(a.level) - centreRank(b.level) || b.path.length - a.path.length);
}

/**
 * The centre in charge of a case at `casePath` whose responsible unit sits at `unitPath` (null
 * when the matrix names nobody): the lowest centre covering both. Undefined if no centre covers
 * the place at all (a city without centres).
 *
 * @example
 * // a pothole in a street, the district's transport commission responsible → the district centre
 * centreInCharge('/c/d/s/g/', '/c/d/', centres)?.level; // 'district'
 */
export function centreInCharge(casePath: string, unitPath: string | null, centres: readonly CentreRef[]): CentreRef | undefined {
  const covering = centresCovering(casePath, centres);
  if (unitPath === null) return covering[0];
  return covering.find((c) => unitPath.startsWith(c.path)) ?? covering[covering.length - 1];
}

/**
 * The centre one level up from `current` that covers the case (上报): the district above a street
 * centre, the city above a district. Undefined at the top.
 */
export function escalationTarget(casePath: string, current: CentreLevel, centres: readonly CentreRef[]): CentreRef | undefined {
  return centresCovering(casePath, centres).find((c) => centreRank(c.level) > centreRank(current));
}

/**
 * Whether a centre may dispatch to a unit: the unit's jurisdiction lies inside the centre's.
 * The city centre may dispatch anywhere.
 */
export function mayDispatchTo(centre: Pick<CentreRef, 'path'>, unitPath: string): boolean {
  return unitPath.startsWith(centre.path);
}
