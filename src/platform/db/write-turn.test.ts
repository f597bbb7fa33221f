/**
 * The write turn between the event loop and a worker: the event loop waits for a worker's turn
 * without blocking (timers keep firing), and a worker about to take the turn lets a waiting
 * event-loop writer go first; while the event loop waits, it keeps the process alive (a pending
 * `Atomics.waitAsync` does not).
 */
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { WriteTurn } from './write-turn.ts';

/** A worker that takes the turn as sqlite-append-worker.mjs does, holds it `holdMs`, and reports. */
function worker(turn: WriteTurn, holdMs: number, startAfterMs: number): Worker {
  const source = `
    const { workerData, parentPort } = require('node:worker_threads');
    const w = new Int32Array(workerData.turn);
    const spin = (ms) => { const end = Date.now() + ms; while (Date.now() < end); };
    spin(workerData.startAfterMs);
    for (;;) {
      for (let want = Atomics.load(w, 1); want !== 0; want = Atomics.load(w, 1)) Atomics.wait(w, 1, want, 100);
      if (Atomics.compareExchange(w, 0, 0, 1) === 0) break;
      Atomics.wait(w, 0, 1, 100);
    }
    parentPort.postMessage({ took: Date.now() });
    spin(workerData.holdMs);
    // Read before letting go: the event loop may run (and read its clock) before this thread
    // reads its own once the turn is free.
    const releasedAt = Date.now();
    Atomics.store(w, 0, 0);
    Atomics.notify(w, 0);
    parentPort.postMessage({ released: releasedAt });`;
  return new Worker(source, { eval: true, workerData: { turn: turn.buffer, holdMs, startAfterMs } });
}

const next = (w: Worker) => new Promise<Record<string, number>>((resolve) => w.once('message', resolve));

describe('write turn', () => {
  it('lets the event loop wait for a worker without blocking it', async () => {
    const turn = new WriteTurn();
    const w = worker(turn, 200, 0);
    await next(w); // the worker holds the turn
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const released = next(w);
    const at = await turn.run(async () => Date.now());
    clearInterval(timer);
    expect(at).toBeGreaterThanOrEqual((await released).released!);
    expect(ticks).toBeGreaterThan(5);
    await w.terminate();
  });

  it('keeps the process alive while it waits for the turn, and no longer', async () => {
    const turn = new WriteTurn();
    const words = new Int32Array(turn.buffer);
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const idle = timers();
    Atomics.store(words, 0, 1); // someone else holds the turn
    const run = turn.run(async () => 'ran');
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBe(idle + 1);
    Atomics.store(words, 0, 0);
    Atomics.notify(words, 0);
    expect(await run).toBe('ran');
    expect(timers()).toBe(idle);
  });

  it('makes a worker wait while the event loop writes, and runs callers one at a time', async () => {
    const turn = new WriteTurn();
    const order: string[] = [];
    let worker_: Worker | null = null;
    const first = turn.run(async () => {
      order.push('a start');
      worker_ = worker(turn, 0, 0);
      await new Promise((r) => setTimeout(r, 150));
      order.push('a end');
      return Date.now();
    });
    const second = turn.run(async () => void order.push('b'));
    const end = await first;
    await second;
    const took = await next(worker_!);
    expect(took.took).toBeGreaterThanOrEqual(end);
    expect(order).toEqual(['a start', 'a end', 'b']);
    await worker_!.terminate();
  });
});
