/**
 * How a jurisdiction polygon is coloured: by its open cases (a ramp whose class breaks follow the
 * counts now on the level, so a quiet street and a busy district both show contrast) or by its
 * active alerts (the worst level's colour). Returns MapLibre expressions. Pure.
 */
import { CASE_RAMP, LEVEL_COLOR, MAP_COLOR } from './colors.ts';
import type { ColorValue, ExpressionSpec, NumberValue } from './spec-types.ts';

/** A polygon's figure: its feature state when fresher counts came in, else its property. */
const figure = (name: string): ExpressionSpec => ['coalesce', ['feature-state', name], ['get', name]];

/** What the polygons are coloured by. */
export type FillMode = 'cases' | 'alerts';

/** A fill mode from a query-string value (open cases by default). */
export function parseFillMode(value: string | null): FillMode {
  return value === 'alerts' ? 'alerts' : 'cases';
}

/**
 * Class breaks for counts: up to `classes - 1` ascending thresholds ≥ 1 at quantiles of the
 * positive counts (zero is always its own class).
 * @example caseBreaks([0, 1, 2, 3, 10, 40], 4) // [1, 2, 10]
 */
export function caseBreaks(counts: readonly number[], classes: number = CASE_RAMP.length): number[] {
  const positive = counts.filter((n) => n > 0).sort((a, b) => a - b);
  if (positive.length === 0) return [];
  const breaks = [1];
  const inner = classes - 2;
  for (let k = 1; k <= inner; k++) {
    const q = positive[Math.min(positive.length - 1, Math.floor((k / (inner + 1)) * positive.length))]!;
    if (q > breaks[breaks.length - 1]!) breaks.push(q);
  }
  return breaks;
}

/** Fill colour for a mode; `counts` are the open cases of the level's features. */
export function fillColor(mode: FillMode, counts: readonly number[]): ColorValue {
  if (mode === 'alerts') {
    return [
      'match',
      ['coalesce', ['feature-state', 'worstLevel'], ['get', 'worstLevel'], 'none'],
      'blue',
      LEVEL_COLOR.blue,
      'yellow',
      LEVEL_COLOR.yellow,
      'orange',
      LEVEL_COLOR.orange,
      'red',
      LEVEL_COLOR.red,
      MAP_COLOR.land,
    ];
  }
  const breaks = caseBreaks(counts);
  if (breaks.length === 0) return CASE_RAMP[0];
  const stops: Array<number | string> = [];
  breaks.forEach((b, i) => stops.push(b, CASE_RAMP[Math.min(CASE_RAMP.length - 1, i + 1)]!));
  return ['step', figure('openCases'), CASE_RAMP[0], ...stops] as ColorValue;
}

/** Fill opacity: stronger where something is going on, and under the pointer. */
export function fillOpacity(mode: FillMode): NumberValue {
  const busy = mode === 'alerts' ? 'activeAlerts' : 'openCases';
  return ['case', ['boolean', ['feature-state', 'hover'], false], 0.85, ['>', figure(busy), 0], 0.6, 0.35];
}
