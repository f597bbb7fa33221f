import { describe, expect, it } from 'vitest';
import { createMemoryBus } from './memory-bus.ts';
import { subjectMatches } from './bus.ts';

describe('subjectMatches', () => {
  it.each([
    ['readings.*', 'readings.3', true],
    ['readings.*', 'readings', false],
    ['readings.*', 'readings.3.x', false],
    ['readings.>', 'readings.3.x', true],
    ['readings.>', 'readings', false],
    ['alerts', 'alerts', true],
    ['alerts', 'cases', false],
  ])('%s vs %s → %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});

describe('memory bus', () => {
  it('delivers in order to matching subscribers and awaits them', async () => {
    const bus = createMemoryBus();
    const seen: string[] = [];
    bus.subscribe<number>('readings.*', async (m) => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(`a${m.data}`);
    });
    bus.subscribe<number>('readings.1', (m) => void seen.push(`b${m.data}`));
    await bus.publish('readings.1', 1);
    await bus.publish('readings.2', 2);
    expect(seen).toEqual(['a1', 'b1', 'a2']);
  });

  it('keeps going when a subscriber throws, and stops after unsubscribe', async () => {
    const errors: unknown[] = [];
    const bus = createMemoryBus({ onError: (e) => errors.push(e) });
    const seen: number[] = [];
    bus.subscribe('x', () => {
      throw new Error('boom');
    });
    const sub = bus.subscribe<number>('x', (m) => void seen.push(m.data));
    await bus.publish('x', 1);
    sub.unsubscribe();
    await bus.publish('x', 2);
    expect(seen).toEqual([1]);
    expect(errors).toHaveLength(2);
  });

  it('delivers to a subscriber that joined after the subject was last published to', async () => {
    const bus = createMemoryBus();
    const seen: string[] = [];
    bus.subscribe<number>('readings.*', (m) => void seen.push(`a${m.data}`));
    await bus.publish('readings.1', 1);
    const late = bus.subscribe<number>('readings.>', (m) => void seen.push(`b${m.data}`));
    await bus.publish('readings.1', 2);
    late.unsubscribe();
    await bus.publish('readings.1', 3);
    expect(seen).toEqual(['a1', 'a2', 'b2', 'a3']);
  });

  it('awaits a subscriber that returns a promise before the next, and reports one that rejects', async () => {
    const errors: unknown[] = [];
    const bus = createMemoryBus({ onError: (e) => errors.push(e) });
    const seen: string[] = [];
    bus.subscribe('x', async () => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push('slow');
      throw new Error('late boom');
    });
    bus.subscribe('x', () => void seen.push('sync'));
    await bus.publish('x', 1);
    expect(seen).toEqual(['slow', 'sync']);
    expect(errors).toHaveLength(1);
  });
});
