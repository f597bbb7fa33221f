import { describe, expect, it } from 'vitest';
import { formatFigure, monthOf, monthPeriod } from './evaluation-model.ts';

describe('the evaluation period', () => {
  it('is a calendar month in Shanghai (UTC+8)', () => {
    expect(monthPeriod('2026-11')).toEqual({ from: Date.UTC(2026, 9, 31, 16), to: Date.UTC(2026, 10, 30, 16) });
    expect(monthPeriod('2026-12')).toEqual({ from: Date.UTC(2026, 10, 30, 16), to: Date.UTC(2026, 11, 31, 16) });
  });

  it('refuses anything but YYYY-MM', () => {
    for (const bad of ['', '2026-13', '2026-1', '26-11', '2026-11-01', 'November']) expect(monthPeriod(bad)).toBeNull();
  });

  it('finds the month of an instant in the city, not in UTC', () => {
    expect(monthOf(Date.UTC(2026, 10, 30, 15, 59))).toBe('2026-11');
    expect(monthOf(Date.UTC(2026, 10, 30, 16, 0))).toBe('2026-12');
    const p = monthPeriod(monthOf(Date.UTC(2026, 5, 15)))!;
    expect(p.from).toBeLessThanOrEqual(Date.UTC(2026, 5, 15));
    expect(p.to).toBeGreaterThan(Date.UTC(2026, 5, 15));
  });
});

describe('figures', () => {
  const n = (x: number) => `#${x}`;
  it('reads rates as percentages, hours and scores with one decimal, counts as numbers, nothing as a dash', () => {
    expect(formatFigure(0.875, 'rate', n)).toBe('87.5 %');
    expect(formatFigure(0, 'rate', n)).toBe('0.0 %');
    expect(formatFigure(2.25, 'hours', n)).toBe('2.3');
    expect(formatFigure(91.04, 'score', n)).toBe('91.0');
    expect(formatFigure(12, 'count', n)).toBe('#12');
    expect(formatFigure(null, 'rate', n)).toBe('—');
  });
});
