import { describe, expect, it } from 'vitest';
import { FeedBuffer } from './feed-model.ts';
import type { LiveEvent } from '../types.ts';

const alert = (i: number, path = '/c/d/'): LiveEvent => ({
  kind: 'alert',
  id: `e${i}`,
  type: 'alert.raised',
  alertId: `a${i}`,
  level: 'red',
  state: 'raised',
  message: `m${i}`,
  category: null,
  lon: 121,
  lat: 31,
  path,
  at: i,
});

describe('the live feed buffer', () => {
  it('shows the newest first once a frame flushes, and nothing before', () => {
    const f = new FeedBuffer(5);
    f.queue([alert(1), alert(2)]);
    expect(f.lines()).toEqual([]);
    expect(f.hasPending).toBe(true);
    expect(f.flush().map((e) => e.id)).toEqual(['e2', 'e1']);
    f.queue([alert(3)]);
    expect(f.flush().map((e) => e.id)).toEqual(['e3', 'e2', 'e1']);
  });

  it('keeps at most `capacity` lines, however many arrive between frames (1,000/s, hidden tab)', () => {
    const f = new FeedBuffer(200);
    for (let burst = 0; burst < 100; burst++) f.queue(Array.from({ length: 100 }, (_, i) => alert(burst * 100 + i)));
    const lines = f.flush();
    expect(lines).toHaveLength(200);
    expect(lines[0]!.id).toBe('e9999');
    expect(lines[199]!.id).toBe('e9800');
  });

  it('skips events replayed after a reconnect', () => {
    const f = new FeedBuffer(10);
    f.queue([alert(1), alert(2)]);
    f.flush();
    f.queue([alert(2), alert(3)]);
    expect(f.flush().map((e) => e.id)).toEqual(['e3', 'e2', 'e1']);
  });

  it('keeps only the lines inside a jurisdiction when drilling in', () => {
    const f = new FeedBuffer(10);
    f.queue([alert(1, '/c/d1/'), alert(2, '/c/d2/')]);
    f.flush();
    f.retain((e) => e.path.startsWith('/c/d2/'));
    expect(f.lines().map((e) => e.id)).toEqual(['e2']);
  });
});
