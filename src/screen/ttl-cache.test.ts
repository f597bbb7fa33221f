import { describe, expect, it } from 'vitest';
import { manualClock } from '../platform/clock.ts';
import { TtlCache } from './ttl-cache.ts';

describe('TtlCache', () => {
  it('reuses an answer within the ttl, shares one computation, and recomputes once the clock moves past it', async () => {
    const clock = manualClock(0);
    const cache = new TtlCache<string, number>(2000, () => clock.now());
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await cache.get('k', load)).toBe(1);
    clock.advance(2000);
    expect(await cache.get('k', load)).toBe(2);
    expect(await cache.get('other', load)).toBe(3);
  });

  it('does not keep failures, and drops expired and surplus entries', async () => {
    const clock = manualClock(0);
    const cache = new TtlCache<number, number>(1000, () => clock.now(), 2);
    await expect(cache.get(1, () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await cache.get(1, async () => 7)).toBe(7);
    await cache.get(2, async () => 8);
    await cache.get(3, async () => 9);
    expect(await cache.get(1, async () => 10)).toBe(10); // 1 was dropped for 3
    clock.advance(1000);
    expect(await cache.get(3, async () => 11)).toBe(11);
  });
});
