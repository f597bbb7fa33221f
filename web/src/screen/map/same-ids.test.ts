import { describe, expect, it } from 'vitest';
import { sameIds } from './same-ids.ts';

describe('same ids', () => {
  it('knows whether two answers list the same things in the same order', () => {
    expect(sameIds(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameIds(['a', 'b'], ['a'])).toBe(false);
    expect(sameIds(['a', 'b'], ['b', 'a'])).toBe(false);
  });
});
