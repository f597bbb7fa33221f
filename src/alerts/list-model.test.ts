import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCursor, encodeCursor, prefixPattern } from './list-model.ts';

describe('cursor', () => {
  it('round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), (raisedAt, id) => {
        expect(decodeCursor(encodeCursor({ raisedAt, id }))).toEqual({ raisedAt, id });
      }),
    );
  });

  it('refuses what it did not make', () => {
    for (const s of ['', 'abc', '!!!', Buffer.from('1.a b').toString('base64url'), Buffer.from('x.y').toString('base64url')]) {
      expect(decodeCursor(s)).toBeNull();
    }
  });
});

describe('prefixPattern', () => {
  it('escapes LIKE wildcards', () => {
    expect(prefixPattern('/a_b%/')).toBe('/a\\_b\\%/%');
  });
});
