import { describe, expect, it } from 'vitest';
import { deriveCheckinKey, hashPersonKey, queryPseudonyms } from './person-key.ts';

const dataKey = Buffer.alloc(32, 7);

describe('person keys', () => {
  it('hashes with the derived key: stable, not the key, different under another data key', () => {
    const key = deriveCheckinKey(dataKey);
    const h = hashPersonKey(key, 'hc-app-key-000001');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashPersonKey(key, 'hc-app-key-000001')).toBe(h);
    expect(h).not.toContain('hc-app');
    expect(hashPersonKey(deriveCheckinKey(Buffer.alloc(32, 8)), 'hc-app-key-000001')).not.toBe(h);
    // The derived key is not the data key itself (another use of the data key cannot produce these hashes).
    expect(deriveCheckinKey(dataKey).equals(dataKey)).toBe(false);
  });

  it('pseudonyms are stable within a query and differ between queries', () => {
    const a = queryPseudonyms();
    const b = queryPseudonyms();
    expect(a('h1')).toBe(a('h1'));
    expect(a('h1')).not.toBe(a('h2'));
    expect(a('h1')).not.toBe(b('h1'));
    expect(a('h1')).toMatch(/^p-[A-Za-z0-9_-]{16}$/);
  });
});
