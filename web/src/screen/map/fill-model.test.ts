import { describe, expect, it } from 'vitest';
import { caseBreaks, fillColor, parseFillMode } from './fill-model.ts';
import { CASE_RAMP, LEVEL_COLOR } from './colors.ts';

describe('fill model', () => {
  it('breaks counts at quantiles of the positive ones, ascending, zero its own class', () => {
    expect(caseBreaks([])).toEqual([]);
    expect(caseBreaks([0, 0, 0])).toEqual([]);
    expect(caseBreaks([0, 1, 2, 3, 10, 40], 4)).toEqual([1, 2, 10]);
    const b = caseBreaks(Array.from({ length: 100 }, (_, i) => i));
    expect(b[0]).toBe(1);
    for (let i = 1; i < b.length; i++) expect(b[i]).toBeGreaterThan(b[i - 1]!);
    expect(b.length).toBeLessThanOrEqual(CASE_RAMP.length - 1);
  });

  it('colours by open cases with a step expression, or a flat colour when nothing is open', () => {
    expect(fillColor('cases', [0, 0])).toBe(CASE_RAMP[0]);
    const e = fillColor('cases', [0, 5, 9]) as unknown[];
    expect(e[0]).toBe('step');
    expect(e[2]).toBe(CASE_RAMP[0]);
    // Stops strictly ascending, as MapLibre requires.
    const stops = e.slice(3).filter((_, i) => i % 2 === 0) as number[];
    expect([...stops].sort((a, b) => a - b)).toEqual(stops);
    expect(new Set(stops).size).toBe(stops.length);
  });

  it('colours by the worst active alert level', () => {
    const e = fillColor('alerts', []) as unknown[];
    expect(e[0]).toBe('match');
    expect(e).toContain(LEVEL_COLOR.red);
  });

  it('reads the fill mode from the query string, open cases by default', () => {
    expect(parseFillMode('alerts')).toBe('alerts');
    expect(parseFillMode(null)).toBe('cases');
    expect(parseFillMode('x')).toBe('cases');
  });
});
