import { describe, expect, it } from 'vitest';
import { cityInputToMs, msToCityDate, msToCityInput } from './time.ts';

describe('form dates in the city’s time', () => {
  it('reads datetime-local and date values as Asia/Shanghai', () => {
    expect(cityInputToMs('2026-11-30T09:00')).toBe(Date.UTC(2026, 10, 30, 1, 0));
    expect(cityInputToMs('2026-11-30')).toBe(Date.UTC(2026, 10, 30, 1, 0));
    expect(cityInputToMs('2026-11-30', '00:00')).toBe(Date.UTC(2026, 10, 29, 16, 0));
  });
  it('refuses what is not a date', () => {
    expect(cityInputToMs('')).toBeNull();
    expect(cityInputToMs('tomorrow')).toBeNull();
    expect(cityInputToMs('2026-02-31')).toBeNull();
  });
  it('writes values back', () => {
    expect(msToCityInput(Date.UTC(2026, 10, 30, 1, 0))).toBe('2026-11-30T09:00');
    expect(msToCityDate(Date.UTC(2026, 10, 29, 17, 0))).toBe('2026-11-30');
  });
});
