/** Counts for the charts, from the points on the map (so they follow the scenario too). Pure. */
import type { Light } from '../../api/types.ts';
import { WARNING_LEVELS, type AlertProps, type CaseProps, type PointFeature, type WarningLevel } from '../types.ts';

/** Active alerts per level. */
export function alertsByLevel(features: readonly PointFeature<AlertProps>[]): Record<WarningLevel, number> {
  const out = Object.fromEntries(WARNING_LEVELS.map((l) => [l, 0])) as Record<WarningLevel, number>;
  for (const f of features) out[f.properties.level]++;
  return out;
}

/** Open cases per deadline light (`none`: no running clock). */
export function casesByLight(features: readonly PointFeature<CaseProps>[]): Record<Light | 'none', number> {
  const out: Record<Light | 'none', number> = { green: 0, yellow: 0, red: 0, none: 0 };
  for (const f of features) out[f.properties.light ?? 'none']++;
  return out;
}
