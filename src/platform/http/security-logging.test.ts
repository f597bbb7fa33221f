import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scrubPersonalText, urlWithoutQueryValues } from './security-logging.ts';

describe('scrubPersonalText', () => {
  it('masks mobile and identity numbers wherever they stand in a message', () => {
    expect(scrubPersonalText('reporter 13812345678 called')).toBe('reporter 138****5678 called');
    expect(scrubPersonalText('id=310101199001011234,')).toBe('id=310***********1234,');
    expect(scrubPersonalText('id 11010519491231002X')).toBe('id 110***********002X');
    expect(scrubPersonalText('Key (phone)=(+86 13912345678) already exists')).not.toContain('13912345678');
  });

  it('leaves longer digit runs (epoch ms, ids) and short numbers alone', () => {
    expect(scrubPersonalText('at 1795752000000 case 310101-20261127-0042')).toBe('at 1795752000000 case 310101-20261127-0042');
    expect(scrubPersonalText('uuid 0194f3a2-7c1e-7000-8000-138123456789')).toContain('0194f3a2');
  });

  it('never leaves a generated mobile or identity number in clear', () => {
    const mobile = fc.tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{9}$/)).map(([b, rest]) => `1${b}${rest}`);
    const idNumber = fc.tuple(fc.stringMatching(/^\d{17}$/), fc.constantFrom('0', '7', 'X')).map(([d, c]) => d + c);
    fc.assert(
      fc.property(fc.oneof(mobile, idNumber), fc.constantFrom(' ', ':', '(', '电话'), (pi, sep) => {
        const out = scrubPersonalText(`a${sep}${pi}${sep}b`);
        return !out.includes(pi);
      }),
    );
  });
});

describe('urlWithoutQueryValues', () => {
  it('keeps the path and the keys, drops the values', () => {
    expect(urlWithoutQueryValues('/api/v1/cases?q=13812345678&limit=10')).toBe('/api/v1/cases?q=*&limit=*');
    expect(urlWithoutQueryValues('/api/v1/cases')).toBe('/api/v1/cases');
    expect(urlWithoutQueryValues('/x?')).toBe('/x?');
  });
});
