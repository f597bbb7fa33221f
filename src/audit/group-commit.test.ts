/** Group commit: one write at a time; callers arriving meanwhile share the next; a failed write fails only its callers. */
import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

/** A write that waits until released, recording each batch. */
function gatedWriter() {
  const batches: number[][] = [];
  let release: () => void = () => {};
  let fail = false;
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((r) => (release = r));
    if (fail) throw new Error('disk full');
  };
  return { batches, write, release: () => release(), failNext: (f: boolean) => (fail = f) };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('group commit', () => {
  it('writes a lone item at once and batches what arrives while a write is in flight', async () => {
    const w = gatedWriter();
    const q = createGroupCommit(w.write, 100);
    const first = q.submit([1]);
    await tick();
    const later = [q.submit([2]), q.submit([3, 4]), q.submit([5])];
    await tick();
    expect(w.batches).toEqual([[1]]);
    w.release();
    await first;
    await tick();
    expect(w.batches).toEqual([[1], [2, 3, 4, 5]]);
    w.release();
    await Promise.all(later);
    await q.idle();
  });

  it('caps a batch without splitting a caller, and fails only the callers of a failed write', async () => {
    const w = gatedWriter();
    const q = createGroupCommit(w.write, 3);
    const a = q.submit([1]);
    await tick();
    const b = q.submit([2, 3]);
    const c = q.submit([4, 5]);
    const d = q.submit([6, 7, 8, 9]);
    w.release();
    await a;
    await tick();
    w.failNext(true);
    w.release();
    await expect(b).rejects.toThrow('disk full');
    w.failNext(false);
    await tick();
    w.release();
    await c;
    await tick();
    w.release();
    await d;
    expect(w.batches).toEqual([[1], [2, 3], [4, 5], [6, 7, 8, 9]]);
  });
});
