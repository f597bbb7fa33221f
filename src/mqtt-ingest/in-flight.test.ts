import { describe, expect, it } from 'vitest';
import { InFlightLimiter } from './in-flight.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('InFlightLimiter', () => {
  it('runs at most `limit` jobs at once and starts the rest in arrival order', async () => {
    const limiter = new InFlightLimiter(2);
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    const done = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    expect(started).toEqual([0, 1]);
    expect(limiter.counts()).toMatchObject({ active: 2, waiting: 3 });
    let notFull = false;
    void limiter.whenNotFull().then(() => (notFull = true));
    gates[1]?.resolve();
    await done[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.resolve();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(notFull).toBe(true);
    await limiter.idle();
    expect(limiter.counts()).toEqual({ active: 0, waiting: 0, limit: 2, peakActive: 2, peakWaiting: 3 });
  });

  it('passes failures through and frees the slot', async () => {
    const limiter = new InFlightLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      limiter.run(() => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
    expect(await limiter.run(async () => 7)).toBe(7);
    expect(limiter.counts().active).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new InFlightLimiter(0)).toThrow(/≥ 1/);
  });
});
