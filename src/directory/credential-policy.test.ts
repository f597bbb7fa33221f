import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { daysToMs, passwordExpired, recentlyAuthenticated } from './credential-policy.ts';

describe('password expiry', () => {
  const max = daysToMs(90);
  it('expires exactly at the maximum age, not a millisecond before', () => {
    expect(passwordExpired(0, max - 1, max)).toBe(false);
    expect(passwordExpired(0, max, max)).toBe(true);
  });
  it('never expires with a maximum age of 0', () => {
    fc.assert(fc.property(fc.nat(), fc.nat(), (changedAt, age) => !passwordExpired(changedAt, changedAt + age, 0)));
  });
  it('is monotone: once expired, later is expired too', () => {
    fc.assert(
      fc.property(fc.nat(1e12), fc.nat(1e11), fc.nat(1e11), fc.integer({ min: 1, max: 1e10 }), (at, a, b, maxAge) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        return !passwordExpired(at, at + early, maxAge) || passwordExpired(at, at + late, maxAge);
      }),
    );
  });
});

describe('re-authentication window', () => {
  it('is open for the window after the password was proved, and closed after', () => {
    expect(recentlyAuthenticated(1000, 1000, 300_000)).toBe(true);
    expect(recentlyAuthenticated(1000, 300_999, 300_000)).toBe(true);
    expect(recentlyAuthenticated(1000, 301_000, 300_000)).toBe(false);
  });
  it('is closed for a session that never proved its password, and for a proof dated in the future', () => {
    expect(recentlyAuthenticated(null, 1000, 300_000)).toBe(false);
    expect(recentlyAuthenticated(2000, 1000, 300_000)).toBe(false);
  });
});
