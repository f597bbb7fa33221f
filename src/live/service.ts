/**
 * The live feed for screens (DESIGN §6, server-sent events at `/api/v1/live`): one subscription
 * per bus subject (`alerts`, `cases`), whatever the number of clients; each event is made
 * compact and serialized once into a replay ring, and every client is only a cursor into that
 * ring plus its scope. A timer flushes every client every `batchMs` (one SSE message per flush
 * by default), writes a heartbeat comment when a stream has been quiet for `heartbeatMs`, and a
 * `kpi` message every `kpiMs` for clients that want one.
 *
 * Memory stays bounded whatever the clients do: the ring has a fixed size, nothing is copied
 * per client, and a client whose socket does not drain is not written to until it does. A
 * client that falls more than `maxLag` events behind (or behind the ring's oldest event) skips
 * to the newest and gets a `resync` message telling it to refetch the layers and KPIs.
 */
import type { Bus, Subscription } from '../platform/bus/bus.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { ALERTS_SUBJECT } from '../alerts/event-model.ts';
import { CASES_SUBJECT } from '../cases/case-types.ts';
import { isAlertEvent, isCaseEvent, liveAlert, liveCase, type LiveEvent } from './event-model.ts';
import { ReplayRing, type RingEntry } from './replay-ring.ts';
import { sseComment, sseEvents, sseMessage, sseOpening, sseResync, type ResyncReason } from './sse-model.ts';

/** Where a client's bytes go: an HTTP response stream, or a test double. */
export interface LiveSink {
  /** Writes a chunk; false when the consumer's buffer is full (write no more until drained). */
  write(chunk: string): boolean;
  /** Calls `listener` once when the buffer has drained. */
  onceDrain(listener: () => void): void;
  /** Ends the stream. */
  end(): void;
}

/** Tunables; the defaults suit a wall screen and a browser. */
export interface LiveOptions {
  /** Events are accumulated this long and then written together (ms). */
  batchMs: number;
  /** A comment is written after this much silence, so proxies keep the stream open (ms). */
  heartbeatMs: number;
  /** How often a `kpi` message is sent to clients that want them (ms). */
  kpiMs: number;
  /** Events retained for replay. */
  ringSize: number;
  /** Most events in one write. */
  maxBatch: number;
  /**
   * Events a client may fall behind before it is skipped ahead and told to resync; at most the
   * ring size (beyond it the events are gone anyway), which is the default, so a reconnecting
   * browser gets the whole ring replayed.
   */
  maxLag: number;
  /** Most clients at once; more are refused with 503. */
  maxClients: number;
}

const DEFAULTS: LiveOptions = {
  batchMs: 100,
  heartbeatMs: 15_000,
  kpiMs: 5_000,
  ringSize: 10_000,
  maxBatch: 1_000,
  maxLag: 10_000,
  maxClients: 1_000,
};

/** What the live service needs. */
export interface LiveDeps {
  bus: Bus;
  clock: Clock;
  /** The KPIs of a subtree, for `kpi` messages (the screen service's); none are sent without it. */
  kpis?: (scopePath: string) => Promise<unknown>;
  options?: Partial<LiveOptions>;
  onError?: (message: string, e: unknown) => void;
}

/** A client's request, after access and scope checks. */
export interface LiveRequest {
  /** Only events whose jurisdiction path starts with this are sent. */
  scopePath: string;
  /** The browser's `Last-Event-ID` (or `?since=<event id>`): replay what came after it. */
  lastEventId?: string | null;
  /** Replay events received at or after this time (epoch ms), e.g. the `asOf` of a layer just fetched. */
  since?: number | null;
  /**
   * The time from which nothing may be missing (default `since`): a screen replays half an hour
   * before its layers for the feed's sake, but needs every event only from the layers' `asOf`.
   * Events between `since` and `need` are replayed as far as retained; a `resync` is sent only
   * when some after `need` are gone (so a platform started a minute ago does not make every
   * screen that opens fetch its layers twice).
   */
  need?: number | null;
  /** One `batch` message per flush (default) or one message per event. */
  batch?: boolean;
  /** Send `kpi` messages (default true). */
  kpi?: boolean;
  /** Send the replay and end (a poll, for clients that cannot hold a stream). */
  once?: boolean;
}

/** Counters, for tests and the bench. */
export interface LiveStats {
  clients: number;
  received: number;
  duplicates: number;
  retained: number;
  head: number;
  /** Events skipped for slow clients, summed. */
  dropped: number;
  resyncs: number;
  /** The largest number of events any client is behind. */
  maxLag: number;
}

interface Client {
  scopePath: string;
  cursor: number;
  batch: boolean;
  kpi: boolean;
  sink: LiveSink;
  waiting: boolean;
  lastWriteAt: number;
  lastKpiAt: number;
  kpiInFlight: boolean;
  closed: boolean;
}

/** The live service. */
export type LiveService = ReturnType<typeof createLiveService>;

/**
 * Creates the service and subscribes to `alerts` and `cases`; `close()` ends every stream.
 * @example const live = createLiveService({ bus, clock, kpis: screen.kpis }); live.connect({ scopePath }, sink);
 */
export function createLiveService(deps: LiveDeps) {
  const o: LiveOptions = { ...DEFAULTS, ...deps.options };
  o.maxLag = Math.min(o.maxLag, o.ringSize);
  const onError = deps.onError ?? ((m: string, e: unknown) => console.error(`live: ${m}:`, e));
  const ring = new ReplayRing(o.ringSize, deps.clock.now());
  const clients = new Set<Client>();
  const stats = { received: 0, duplicates: 0, dropped: 0, resyncs: 0 };
  let lastReceivedAt = 0;
  let timer: NodeJS.Timeout | null = null;

  function add(e: LiveEvent): void {
    // Arrival times must not go back (the ring binary-searches them), even if the clock does.
    lastReceivedAt = Math.max(lastReceivedAt, deps.clock.now());
    const entry = ring.push({ id: e.id, kind: e.kind, path: e.path, receivedAt: lastReceivedAt, json: JSON.stringify(e) });
    if (entry) stats.received++;
    else stats.duplicates++;
  }

  const subscriptions: Subscription[] = [
    deps.bus.subscribe(ALERTS_SUBJECT, (m) => {
      if (isAlertEvent(m.data)) add(liveAlert(m.data));
    }),
    deps.bus.subscribe(CASES_SUBJECT, (m) => {
      if (isCaseEvent(m.data)) add(liveCase(m.data));
    }),
  ];

  function write(c: Client, chunk: string): void {
    if (c.closed || chunk === '') return;
    c.lastWriteAt = performance.now();
    if (!c.sink.write(chunk)) {
      c.waiting = true;
      c.sink.onceDrain(() => {
        c.waiting = false;
      });
    }
  }

  function resync(c: Client, reason: ResyncReason, dropped: number | null): void {
    stats.resyncs++;
    if (dropped !== null) stats.dropped += dropped;
    c.cursor = ring.head;
    write(c, sseResync(reason, dropped));
  }

  /** Writes what the client is due, a batch at a time, until done or its socket is full. */
  function flush(c: Client): void {
    if (c.closed || c.waiting) return;
    const behind = ring.head - c.cursor;
    if (behind > o.maxLag || c.cursor + 1 < ring.tail) resync(c, 'slow', behind);
    while (!c.waiting && !c.closed && c.cursor < ring.head) {
      const out: RingEntry[] = [];
      let seq = c.cursor;
      while (seq < ring.head && out.length < o.maxBatch) {
        const e = ring.at(++seq)!;
        if (e.path.startsWith(c.scopePath)) out.push(e);
      }
      c.cursor = seq;
      write(c, sseEvents(out, c.batch));
    }
  }

  function sendKpi(c: Client, now: number): void {
    const kpis = deps.kpis;
    if (!c.kpi || !kpis || c.kpiInFlight || now - c.lastKpiAt < o.kpiMs) return;
    c.kpiInFlight = true;
    c.lastKpiAt = now;
    kpis(c.scopePath)
      .then((k) => {
        // A client whose socket is full skips this one; the next comes in kpiMs.
        if (!c.waiting) write(c, sseMessage('kpi', JSON.stringify(k)));
      })
      .catch((e: unknown) => onError('kpis failed', e))
      .finally(() => {
        c.kpiInFlight = false;
      });
  }

  function tick(): void {
    const now = performance.now();
    for (const c of clients) {
      flush(c);
      sendKpi(c, now);
      if (!c.waiting && now - c.lastWriteAt >= o.heartbeatMs) write(c, sseComment('hb'));
    }
  }

  function drop(c: Client): void {
    if (c.closed) return;
    c.closed = true;
    clients.delete(c);
    if (clients.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  return {
    /**
     * Attaches a client: writes the opening (and a `resync` when its `Last-Event-ID` or `since`
     * cannot be replayed), replays what it missed, then streams until `close()` (call it when the
     * connection ends). With `once`, ends after the replay.
     */
    connect(req: LiveRequest, sink: LiveSink): { close(): void } {
      if (!req.once && clients.size >= o.maxClients)
        throw new AppError(503, 'LIVE_TOO_MANY_CLIENTS', 'too many live clients; retry later', [], { 'retry-after': '10' });
      const c: Client = {
        scopePath: req.scopePath,
        cursor: ring.head,
        batch: req.batch ?? true,
        kpi: req.kpi ?? true,
        // A poll writes everything due at once (at most the ring), whatever the socket says.
        sink: req.once ? { write: (x) => (sink.write(x), true), onceDrain: (l) => sink.onceDrain(l), end: () => sink.end() } : sink,
        waiting: false,
        lastWriteAt: 0,
        lastKpiAt: Number.NEGATIVE_INFINITY,
        kpiInFlight: false,
        closed: false,
      };
      write(c, sseOpening());
      if (req.lastEventId) {
        const seq = ring.seqOf(req.lastEventId);
        if (seq === undefined) resync(c, 'unknown_last_event_id', null);
        else c.cursor = seq;
      } else if (req.since !== undefined && req.since !== null) {
        if (!ring.covers(Math.max(req.since, req.need ?? req.since))) resync(c, 'since_too_old', null);
        else c.cursor = ring.firstSince(req.since) - 1;
      }
      if (req.once) {
        flush(c);
        c.closed = true;
        sink.end();
        return { close: () => undefined };
      }
      clients.add(c);
      timer ??= setInterval(tick, o.batchMs);
      timer.unref();
      // The first flush and KPIs go out at the next tick, within batchMs.
      return { close: () => drop(c) };
    },
    /** Counters. */
    stats(): LiveStats {
      let lag = 0;
      for (const c of clients) lag = Math.max(lag, ring.head - c.cursor);
      return { clients: clients.size, ...stats, retained: ring.size, head: ring.head, maxLag: lag };
    },
    /** Runs one flush round now (tests and benches; the timer does it every batchMs). */
    flushNow: tick,
    /** Unsubscribes and ends every stream (before the HTTP server closes, which waits for open streams). */
    close(): void {
      for (const s of subscriptions.splice(0)) s.unsubscribe();
      for (const c of [...clients]) {
        drop(c);
        c.sink.end();
      }
    },
  };
}
