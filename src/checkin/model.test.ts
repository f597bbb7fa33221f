import { describe, expect, it } from 'vitest';
import { checkInTimeProblem, retentionCutoff } from './model.ts';

const NOW = Date.UTC(2026, 10, 27, 2);

describe('checkInTimeProblem', () => {
  it('accepts now, a scan queued offline for hours, and a phone a little ahead', () => {
    expect(checkInTimeProblem(NOW, NOW)).toBeNull();
    expect(checkInTimeProblem(NOW - 23 * 3_600_000, NOW)).toBeNull();
    expect(checkInTimeProblem(NOW + 4 * 60_000, NOW)).toBeNull();
  });
  it('refuses the far past and the future', () => {
    expect(checkInTimeProblem(NOW - 25 * 3_600_000, NOW)).toMatch(/past/);
    expect(checkInTimeProblem(NOW + 6 * 60_000, NOW)).toMatch(/future/);
    expect(checkInTimeProblem(Number.NaN, NOW)).toMatch(/not a time/);
  });
});

describe('retentionCutoff', () => {
  it('is the retention period before now', () => {
    expect(retentionCutoff(NOW, 28)).toBe(NOW - 28 * 86_400_000);
  });
});
