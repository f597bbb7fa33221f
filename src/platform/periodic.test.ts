import { describe, expect, it } from 'vitest';
import { startPeriodic } from './periodic.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startPeriodic', () => {
  it('runs at once and again, reports failures, and stops after the run in progress', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    let finished = 0;
    const p = startPeriodic(
      async () => {
        runs++;
        await tick(5);
        finished++;
        if (runs === 2) throw new Error('busy');
      },
      20,
      (e) => errors.push(e),
    );
    expect(runs).toBe(1);
    await tick(70);
    await p.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(finished).toBe(runs);
    expect(errors).toEqual([new Error('busy')]);
    const after = runs;
    await tick(50);
    expect(runs).toBe(after);
  });

  it('skips a turn while the previous run is still going', async () => {
    let active = 0;
    let overlapped = false;
    let runs = 0;
    const p = startPeriodic(
      async () => {
        runs++;
        active++;
        if (active > 1) overlapped = true;
        await tick(60);
        active--;
      },
      10,
      () => undefined,
    );
    await tick(150);
    await p.stop();
    expect(overlapped).toBe(false);
    expect(runs).toBeLessThan(5);
  });
});
