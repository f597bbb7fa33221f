import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_PARAMS,
  characterClassCount,
  hashPassword,
  passwordNeedsRehash,
  passwordPolicyProblems,
  verifyPassword,
} from './password.ts';

describe('hashPassword / verifyPassword', () => {
  it('writes the parameters, salt and hash into the string', async () => {
    const stored = await hashPassword('Correct-horse-9');
    const parts = stored.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(parts[4] ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(parts[5] ?? '', 'base64')).toHaveLength(32);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('Correct-horse-9');
    expect(await verifyPassword('Correct-horse-9', stored)).toBe(true);
    expect(await verifyPassword('correct-horse-9', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const a = await hashPassword('Same-password-1');
    const b = await hashPassword('Same-password-1');
    expect(a).not.toBe(b);
    expect(await verifyPassword('Same-password-1', b)).toBe(true);
  });

  it('matches a password typed in full-width characters (NFKC)', async () => {
    const stored = await hashPassword('Abc-12345678');
    expect(await verifyPassword('Ａｂｃ－１２３４５６７８', stored)).toBe(true);
  });

  it('verifies hashes made with other parameters and flags them for rehash', async () => {
    const params = { N: 1024, r: 8, p: 1, keylen: 24 };
    const stored = await hashPassword('Older-hash-77', params);
    expect(stored.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('Older-hash-77', stored)).toBe(true);
    expect(passwordNeedsRehash(stored)).toBe(true);
    expect(passwordNeedsRehash(stored, params)).toBe(false);
    expect(passwordNeedsRehash(await hashPassword('x'), DEFAULT_SCRYPT_PARAMS)).toBe(false);
  });

  it('answers false for malformed or out-of-bounds stored values instead of throwing', async () => {
    const good = await hashPassword('Correct-horse-9');
    const [, , , , salt, key] = good.split('$');
    const bad = [
      '',
      'plaintext',
      `bcrypt$16384$8$1$${salt}$${key}`,
      `scrypt$16383$8$1$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 24}$8$1$${salt}$${key}`, // N too large
      `scrypt$16384$0$1$${salt}$${key}`,
      `scrypt$16384$8$1$$${key}`,
      `scrypt$16384$8$1$${salt}$AAAA`, // key too short
      `scrypt$16384$8$1$${salt}$${key}$extra`,
      `scrypt$16384$8$1$${salt}$not base64!`,
    ];
    for (const stored of bad) {
      expect(await verifyPassword('Correct-horse-9', stored)).toBe(false);
      expect(passwordNeedsRehash(stored)).toBe(true);
    }
  });
});

describe('passwordPolicyProblems', () => {
  it('accepts a long password with three classes', () => {
    expect(passwordPolicyProblems('Cityops-demo-2026', { username: 'dispatcher' })).toEqual([]);
    expect(passwordPolicyProblems('abcdefgh12!!', { username: 'u' })).toEqual([]);
  });

  it('refuses short passwords', () => {
    expect(passwordPolicyProblems('Ab1!Ab1!a', { username: 'x' })).toEqual(['too_short']);
  });

  it('counts characters, not UTF-16 units', () => {
    // 9 code points (the emoji is two UTF-16 units) → still too short.
    expect(passwordPolicyProblems('Ab1😀abcde', { username: 'x' })).toContain('too_short');
  });

  it('refuses passwords with fewer than three classes', () => {
    expect(passwordPolicyProblems('abcdefghijk1', { username: 'x' })).toEqual(['too_few_classes']);
    expect(passwordPolicyProblems('ABCDEFGHIJKL', { username: 'x' })).toEqual(['too_few_classes']);
  });

  it('refuses passwords containing the username, whatever the case', () => {
    expect(passwordPolicyProblems('Xdispatcher-9', { username: 'Dispatcher' })).toEqual(['contains_username']);
    expect(passwordPolicyProblems('Cityops-demo-2026', { username: '' })).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(passwordPolicyProblems('admin', { username: 'admin' })).toEqual(['too_short', 'too_few_classes', 'contains_username']);
  });

  it('counts character classes, with non-Latin characters as symbols', () => {
    expect(characterClassCount('')).toBe(0);
    expect(characterClassCount('aA1!')).toBe(4);
    expect(characterClassCount('上海abc')).toBe(2);
  });
});
