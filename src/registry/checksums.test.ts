import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idNumberCheckChar, idNumberProblem, normalizeIdNumber } from './id-number.ts';
import { creditCodeCheckChar, creditCodeProblem } from './credit-code.ts';

describe('identity numbers (GB 11643)', () => {
  it('accepts the standard’s example and refuses a changed digit, a bad date or a bad shape', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem('11010519491231003X')).toMatch(/check character/);
    expect(idNumberProblem('11010519490231002X')).toMatch(/birth date/);
    expect(idNumberProblem('1101051949123100')).toMatch(/18 characters/);
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it('catches every single-digit change (the point of MOD 11-2)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const good = '31010119500101001';
        const id = good + idNumberCheckChar(good);
        const digits = [...id];
        digits[pos] = String((Number(digits[pos]) + delta) % 10);
        const changed = digits.join('');
        // A changed date may stop being a date; either way the number is refused.
        expect(idNumberProblem(changed)).not.toBeNull();
      }),
    );
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts a published code and refuses changed or impossible characters', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeProblem('91350100M000100Y44')).toMatch(/check character/);
    expect(creditCodeProblem('91350100M000100I43')).toMatch(/not allowed/);
    expect(creditCodeProblem('913501')).toMatch(/18 characters/);
  });
});
