import { describe, expect, it } from 'vitest';
import { fnv1a, shardOf } from './shard.ts';

describe('shardOf', () => {
  it('is FNV-1a: stable across processes and versions', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('puts everything on shard 0 with one shard, and spreads ids over many', () => {
    expect(shardOf('wm-310101002-0001', 1)).toBe(0);
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[shardOf(`wm-310101002-${String(i).padStart(4, '0')}`, 8)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
    expect(shardOf('wm-310101002-0001', 8)).toBe(shardOf('wm-310101002-0001', 8));
  });
});
