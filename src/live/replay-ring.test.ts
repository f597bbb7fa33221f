import { describe, expect, it } from 'vitest';
import { ReplayRing } from './replay-ring.ts';
import { sseEvents, sseMessage, sseResync } from './sse-model.ts';

const ev = (id: string, receivedAt: number) => ({ id, kind: 'alert' as const, path: '/c/d/', receivedAt, json: `{"id":"${id}"}` });

describe('ReplayRing', () => {
  it('numbers events in arrival order, finds them by id and skips re-published ids', () => {
    const r = new ReplayRing(4, 0);
    expect(r.push(ev('a', 1))?.seq).toBe(1);
    expect(r.push(ev('b', 2))?.seq).toBe(2);
    expect(r.push(ev('a', 3))).toBeNull();
    expect(r.seqOf('b')).toBe(2);
    expect(r.at(1)?.id).toBe('a');
    expect([r.head, r.tail, r.size]).toEqual([2, 1, 2]);
  });

  it('forgets the oldest beyond its capacity, and then no longer covers times before them', () => {
    const r = new ReplayRing(3, 0);
    for (let i = 1; i <= 5; i++) r.push(ev(`e${i}`, i * 10));
    expect([r.head, r.tail, r.size]).toEqual([5, 3, 3]);
    expect(r.at(2)).toBeUndefined();
    expect(r.seqOf('e2')).toBeUndefined();
    expect(r.seqOf('e3')).toBe(3);
    // e2 arrived at 20 and is gone: a client asking from 20 may have missed it.
    expect(r.covers(20)).toBe(false);
    expect(r.covers(21)).toBe(true);
    expect(r.firstSince(21)).toBe(3);
    expect(r.firstSince(41)).toBe(5);
    expect(r.firstSince(99)).toBe(6);
  });

  it('does not cover times before it started', () => {
    const r = new ReplayRing(3, 1000);
    expect(r.covers(999)).toBe(false);
    expect(r.covers(1000)).toBe(true);
    expect(r.firstSince(0)).toBe(1);
  });
});

describe('SSE framing', () => {
  it('writes one batch message with the last id, or one message per event', () => {
    const r = new ReplayRing(10, 0);
    const a = r.push(ev('a', 1))!;
    const b = r.push({ ...ev('b', 2), kind: 'case' })!;
    expect(sseEvents([a, b], true)).toBe('id: b\nevent: batch\ndata: [{"id":"a"},{"id":"b"}]\n\n');
    expect(sseEvents([a, b], false)).toBe('id: a\nevent: alert\ndata: {"id":"a"}\n\nid: b\nevent: case\ndata: {"id":"b"}\n\n');
    expect(sseEvents([], true)).toBe('');
  });

  it('keeps data on one line and says why a client must resync', () => {
    expect(sseMessage('kpi', JSON.stringify({ t: 'a\nb' }))).toBe('event: kpi\ndata: {"t":"a\\nb"}\n\n');
    expect(sseResync('slow', 12)).toBe('event: resync\ndata: {"reason":"slow","dropped":12}\n\n');
  });
});
