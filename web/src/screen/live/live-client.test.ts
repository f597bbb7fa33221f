import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectLive, liveUrl, type LiveHandlers } from './live-client.ts';

/** A stand-in for the browser's EventSource: records instances, lets the test fire events. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static made: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, Array<(e: { data: string; lastEventId: string }) => void>>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.made.push(this);
  }
  addEventListener(type: string, l: (e: { data: string; lastEventId: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  emit(type: string, data: unknown, lastEventId = '') {
    for (const l of this.listeners.get(type) ?? []) l({ data: JSON.stringify(data), lastEventId });
  }
  close() {
    this.closed = true;
    this.readyState = FakeEventSource.CLOSED;
  }
}

function handlers() {
  return {
    onEvents: vi.fn(),
    onKpis: vi.fn(),
    onResync: vi.fn(),
    onStatus: vi.fn(),
    onRefused: vi.fn(),
  } satisfies LiveHandlers;
}

describe('the live connection', () => {
  beforeEach(() => {
    FakeEventSource.made = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('builds the stream URL with the jurisdiction and where to replay from', () => {
    expect(liveUrl(null, null)).toBe('/api/v1/live');
    expect(liveUrl('310101', 1700000000000)).toBe('/api/v1/live?jurisdiction=310101&since=1700000000000');
    expect(liveUrl(null, 1700000000000, 1700001800000)).toBe('/api/v1/live?since=1700000000000&need=1700001800000');
    // After an event id, the id says where to go on from.
    expect(liveUrl(null, 'evt-1', 1700001800000)).toBe('/api/v1/live?since=evt-1');
  });

  it('hands on batches, KPIs and resyncs', () => {
    const h = handlers();
    connectLive({ jurisdiction: null }, h);
    const es = FakeEventSource.made[0]!;
    es.onopen?.();
    expect(h.onStatus).toHaveBeenLastCalledWith('open');
    es.emit('batch', [{ kind: 'alert', id: 'e1' }], 'e1');
    es.emit('kpi', { asOf: 1 });
    es.emit('resync', { reason: 'slow', dropped: 3 });
    expect(h.onEvents).toHaveBeenCalledWith([{ kind: 'alert', id: 'e1' }]);
    expect(h.onKpis).toHaveBeenCalledWith({ asOf: 1 });
    expect(h.onResync).toHaveBeenCalledOnce();
  });

  it('leaves a dropped connection to the browser, which reconnects with Last-Event-ID', () => {
    const h = handlers();
    connectLive({ jurisdiction: null }, h);
    const es = FakeEventSource.made[0]!;
    es.readyState = FakeEventSource.CONNECTING;
    es.onerror?.();
    expect(h.onStatus).toHaveBeenLastCalledWith('retrying');
    vi.advanceTimersByTime(60_000);
    expect(FakeEventSource.made).toHaveLength(1);
  });

  it('reopens a refused stream after a growing pause, from the last event seen, asking about the session first', () => {
    const h = handlers();
    connectLive({ jurisdiction: 'd1', since: 5, retryMs: 1000, maxRetryMs: 4000 }, h);
    const first = FakeEventSource.made[0]!;
    expect(first.url).toBe('/api/v1/live?jurisdiction=d1&since=5');
    first.emit('batch', [{ kind: 'case', id: 'e9' }], 'e9');
    first.readyState = FakeEventSource.CLOSED;
    first.onerror?.();
    expect(h.onRefused).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(999);
    expect(FakeEventSource.made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const second = FakeEventSource.made[1]!;
    expect(second.url).toBe('/api/v1/live?jurisdiction=d1&since=e9');
    second.readyState = FakeEventSource.CLOSED;
    second.onerror?.();
    vi.advanceTimersByTime(1999);
    expect(FakeEventSource.made).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.made).toHaveLength(3);
  });

  it('closes for good', () => {
    const h = handlers();
    const live = connectLive({ jurisdiction: null, retryMs: 10 }, h);
    const es = FakeEventSource.made[0]!;
    live.close();
    expect(es.closed).toBe(true);
    es.readyState = FakeEventSource.CLOSED;
    es.onerror?.();
    vi.advanceTimersByTime(1000);
    expect(FakeEventSource.made).toHaveLength(1);
  });
});
