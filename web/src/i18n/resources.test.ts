/** Both languages say everything: the same keys, no empty strings, the same {{placeholders}}. */
import { describe, expect, it } from 'vitest';
import zh from './zh.json';
import en from './en.json';

function flatten(o: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const zhKeys = flatten(zh);
  const enKeys = flatten(en);

  it('have the same keys in Chinese and English', () => {
    expect([...enKeys.keys()].sort()).toEqual([...zhKeys.keys()].sort());
  });

  it('have no empty strings', () => {
    for (const [k, v] of [...zhKeys, ...enKeys]) expect(v.trim(), k).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const [k, v] of zhKeys) expect(placeholders(enKeys.get(k) ?? ''), k).toEqual(placeholders(v));
  });

  it('the Chinese strings are Chinese (apart from names that stay as they are)', () => {
    const sameInBoth = new Set(['lang.zh', 'lang.en', 'common.listSeparator']);
    for (const [k, v] of zhKeys) {
      if (sameInBoth.has(k) || /^\{\{\w+\}\}$/.test(v)) continue;
      expect(/[\u4e00-\u9fff]/.test(v), `${k}: ${v}`).toBe(true);
    }
  });
});
