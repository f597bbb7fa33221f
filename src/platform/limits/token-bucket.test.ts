import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KeyedBuckets, take, tokensAt, type BucketState } from './token-bucket.ts';

const policy = { burst: 3, perMinute: 6 }; // a token every 10 s

describe('take', () => {
  it('lets a burst through, then refuses with the wait until the next token', () => {
    let s: BucketState | undefined;
    for (let i = 0; i < 3; i++) {
      const r = take(s, 0, policy);
      expect(r.ok).toBe(true);
      s = r.state;
    }
    const refused = take(s, 0, policy);
    expect(refused).toMatchObject({ ok: false, retryAfterMs: 10_000 });
    expect(take(refused.state, 4_000, policy)).toMatchObject({ ok: false, retryAfterMs: 6_000 });
    expect(take(refused.state, 10_000, policy).ok).toBe(true);
  });

  it('never refills above the burst', () => {
    expect(tokensAt({ tokens: 0, at: 0 }, 3_600_000, policy)).toBe(3);
  });

  it('a bucket that never refills says so', () => {
    expect(take({ tokens: 0, at: 0 }, 1, { burst: 1, perMinute: 0 })).toMatchObject({ ok: false, retryAfterMs: Infinity });
  });

  it('accepts no more than burst + rate × time over any run of requests (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 200 }), (gaps) => {
        let s: BucketState | undefined;
        let t = 0;
        let accepted = 0;
        for (const g of gaps) {
          t += g;
          const r = take(s, t, policy);
          if (r.ok) accepted++;
          s = r.state;
        }
        expect(accepted).toBeLessThanOrEqual(policy.burst + Math.floor((t * policy.perMinute) / 60_000));
      }),
    );
  });
});

describe('KeyedBuckets', () => {
  it('keeps one bucket per key', () => {
    const b = new KeyedBuckets({ burst: 1, perMinute: 1 });
    expect(b.take('a', 0).ok).toBe(true);
    expect(b.take('a', 0).ok).toBe(false);
    expect(b.take('b', 0).ok).toBe(true);
  });

  it('holds at most maxKeys buckets, dropping full ones and then the least recently used', () => {
    const b = new KeyedBuckets({ burst: 2, perMinute: 1 }, 10);
    for (let i = 0; i < 10; i++) b.take(`k${i}`, 0);
    b.take('k0', 0); // k0 is now empty and the most recently used
    b.take('new', 0);
    expect(b.size).toBeLessThanOrEqual(10);
    expect(b.take('k0', 0).ok).toBe(false); // still remembered: an emptied bucket is not forgiven
  });
});
