import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFieldCipher } from './field-cipher.ts';

const key = randomBytes(32);
const cipher = createFieldCipher(key);

describe('field cipher (AES-256-GCM)', () => {
  it('opens what it sealed, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(cipher.open(cipher.seal(s, 'r:f'), 'r:f')).toBe(s);
      }),
    );
  });

  it('seals the same value differently each time (fresh IV) and never contains it', () => {
    const a = cipher.seal('13812345678', 'r:phone');
    const b = cipher.seal('13812345678', 'r:phone');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812345678');
  });

  it('refuses a value moved to another record or field, altered, or opened with another key', () => {
    const sealed = cipher.seal('张三', 'r1:name');
    expect(() => cipher.open(sealed, 'r2:name')).toThrow();
    expect(() => cipher.open(sealed, 'r1:phone')).toThrow();
    const raw = Buffer.from(sealed.split('.')[2]!, 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => cipher.open(`v1.${cipher.keyId}.${raw.toString('base64url')}`, 'r1:name')).toThrow();
    expect(() => createFieldCipher(randomBytes(32)).open(sealed, 'r1:name')).toThrow(/configured data key/);
  });

  it('hashes ID numbers with a key: stable under one key, different under another, not a plain hash', () => {
    expect(cipher.idHash('11010519491231002X')).toBe(createFieldCipher(key).idHash('11010519491231002X'));
    expect(cipher.idHash('11010519491231002X')).not.toBe(createFieldCipher(randomBytes(32)).idHash('11010519491231002X'));
  });

  it('after a rotation: seals under the new key, opens under both, hashes under each (current first)', () => {
    const next = randomBytes(32);
    const ring = createFieldCipher(next, [key]);
    const old = cipher.seal('张三', 'r1:name');
    expect(ring.open(old, 'r1:name')).toBe('张三');
    expect(ring.isCurrent(old)).toBe(false);
    const fresh = ring.seal('张三', 'r1:name');
    expect(ring.isCurrent(fresh)).toBe(true);
    expect(ring.keyIds).toEqual([createFieldCipher(next).keyId, cipher.keyId]);
    expect(() => cipher.open(fresh, 'r1:name')).toThrow(/configured data key/);
    expect(ring.idHashes('11010519491231002X')).toEqual([
      createFieldCipher(next).idHash('11010519491231002X'),
      cipher.idHash('11010519491231002X'),
    ]);
    expect(ring.idHash('11010519491231002X')).toBe(ring.idHashes('11010519491231002X')[0]);
  });
});
