import { describe, expect, it } from 'vitest';
import type { Case } from './case-types.ts';
import { CaseCache } from './case-cache.ts';

const at = (id: string, version: number) => ({ id, version }) as Case;

describe('CaseCache', () => {
  it('keeps the later version of a case, whichever order they are remembered in', () => {
    const cache = new CaseCache(10);
    cache.remember(at('a', 3), 5);
    cache.remember(at('a', 2), 4);
    expect(cache.get('a')).toEqual({ case: at('a', 3), lastSeq: 5 });
    cache.remember(at('a', 4), 6);
    expect(cache.get('a')).toEqual({ case: at('a', 4), lastSeq: 6 });
  });

  it('lets the least recently written case go past its size', () => {
    const cache = new CaseCache(2);
    cache.remember(at('a', 1), 1);
    cache.remember(at('b', 1), 1);
    cache.remember(at('a', 2), 2); // a written again: b is now the oldest
    cache.remember(at('c', 1), 1);
    expect([cache.get('a')?.case.version, cache.get('b'), cache.get('c')?.case.version, cache.size]).toEqual([2, undefined, 1, 2]);
  });
});
