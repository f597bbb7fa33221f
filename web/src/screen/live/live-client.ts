/**
 * The screen's connection to `GET /api/v1/live` (server-sent events): one EventSource, scoped to
 * the jurisdiction shown. The browser reconnects by itself after a dropped connection, sending
 * `Last-Event-ID` so the platform replays what was missed; when the platform refuses the stream
 * (the browser then gives up: a 401 after the session expired, a 503 when full) this opens a new
 * one after a growing pause, from the last event seen, after asking `onRefused` (the page probes
 * the session there, which sends an expired user to sign-in).
 */
import type { LiveEvent, ScreenKpis } from '../types.ts';

/** What the connection reports. */
export interface LiveHandlers {
  /** A burst of events (one SSE batch), oldest first. */
  onEvents(events: LiveEvent[]): void;
  /** The KPI panel of the scope (every few seconds). */
  onKpis(kpis: ScreenKpis): void;
  /** Events were dropped or cannot be replayed: refetch layers and KPIs. */
  onResync(): void;
  /** Connection state, for the feed's status dot. */
  onStatus(status: LiveStatus): void;
  /** The platform refused the stream; called before retrying. */
  onRefused?(): void;
}

/** Where the connection stands. */
export type LiveStatus = 'connecting' | 'open' | 'retrying';

/** Options. */
export interface LiveOptions {
  /** Jurisdiction id or code (null: the caller's whole scope). */
  jurisdiction: string | null;
  /** Replay from here: epoch ms (e.g. a layer's `asOf`). */
  since?: number | null;
  /** Every event from here on is needed (default `since`): only a gap after it asks for a resync. */
  need?: number | null;
  /** First and longest pause before reopening a refused stream, ms. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** The stream's URL (`need` goes with a time in `since`, not an event id). */
export function liveUrl(jurisdiction: string | null, since: string | number | null | undefined, need?: number | null): string {
  const q = new URLSearchParams();
  if (jurisdiction) q.set('jurisdiction', jurisdiction);
  if (since !== null && since !== undefined) q.set('since', String(since));
  if (typeof since === 'number' && need !== null && need !== undefined) q.set('need', String(need));
  const s = q.toString();
  return s ? `/api/v1/live?${s}` : '/api/v1/live';
}

function parse<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}

/**
 * Opens the feed; `close()` ends it for good.
 * @example const live = connectLive({ jurisdiction: null }, handlers); … live.close();
 */
export function connectLive(options: LiveOptions, handlers: LiveHandlers): { close(): void } {
  const minRetry = options.retryMs ?? 2_000;
  const maxRetry = options.maxRetryMs ?? 30_000;
  let retry = minRetry;
  let lastEventId: string | null = null;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const remember = (e: MessageEvent<string>) => {
    if (e.lastEventId) lastEventId = e.lastEventId;
  };

  function open(): void {
    if (closed) return;
    handlers.onStatus('connecting');
    const es = new EventSource(
      lastEventId ? liveUrl(options.jurisdiction, lastEventId) : liveUrl(options.jurisdiction, options.since, options.need),
    );
    source = es;
    es.onopen = () => {
      retry = minRetry;
      handlers.onStatus('open');
    };
    es.addEventListener('batch', (e: MessageEvent<string>) => {
      remember(e);
      const events = parse<LiveEvent[]>(e.data);
      if (events && events.length > 0) handlers.onEvents(events);
    });
    // One message per event (`batch=0`) is not asked for, but is understood.
    for (const kind of ['alert', 'case'] as const) {
      es.addEventListener(kind, (e: MessageEvent<string>) => {
        remember(e);
        const event = parse<LiveEvent>(e.data);
        if (event) handlers.onEvents([event]);
      });
    }
    es.addEventListener('kpi', (e: MessageEvent<string>) => {
      const kpis = parse<ScreenKpis>(e.data);
      if (kpis) handlers.onKpis(kpis);
    });
    es.addEventListener('resync', () => handlers.onResync());
    es.onerror = () => {
      if (closed) return;
      // CONNECTING: the browser is already reconnecting (with Last-Event-ID). CLOSED: it gave up.
      if (es.readyState === EventSource.CONNECTING) {
        handlers.onStatus('retrying');
        return;
      }
      es.close();
      handlers.onStatus('retrying');
      handlers.onRefused?.();
      timer = setTimeout(open, retry);
      retry = Math.min(maxRetry, retry * 2);
    };
  }

  open();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      source?.close();
    },
  };
}
