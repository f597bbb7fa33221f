/**
 * The live feed on the page: one stream for the jurisdiction shown, opened once its layers have
 * loaded (replaying from a little before them, so the feed is not empty and nothing between the
 * layer and the stream is missed). Each burst edits the point stores at once (they redraw the map
 * throttled) and queues feed lines, which are drawn on the next animation frame: however many
 * events arrive, the list re-renders at most once a frame.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { applyAlertEvent, applyCaseEvent } from '../data/live-apply.ts';
import type { PointStores } from '../data/use-point-stores.ts';
import type { LiveEvent, ScreenKpis } from '../types.ts';
import { FeedBuffer } from './feed-model.ts';
import { connectLive, type LiveStatus } from './live-client.ts';

/** How far before the layers the first connection replays, ms: the feed starts with recent lines. */
const REPLAY_MS = 30 * 60_000;

/** What the page hands the feed. */
export interface LiveFeedOptions {
  jurisdiction: string | null;
  /** Path of the jurisdiction shown: lines outside it are dropped when drilling in. */
  path: string | null;
  stores: PointStores;
  onKpis: (k: ScreenKpis) => void;
  onResync: () => void;
  /** Platform clock minus browser clock, ms. */
  clockOffset: number;
}

/** Lines to show (newest first) and the connection's state. */
export function useLiveFeed(o: LiveFeedOptions): { lines: readonly LiveEvent[]; status: LiveStatus } {
  const [feed] = useState(() => new FeedBuffer());
  const [lines, setLines] = useState<readonly LiveEvent[]>([]);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  // The latest callbacks and figures, read by the stream's handlers without reopening it.
  const latest = useRef(o);
  useEffect(() => {
    latest.current = o;
  });
  const ready = o.stores.asOf !== null;

  useEffect(() => {
    if (!ready) return;
    let frame = 0;
    const draw = () => {
      frame = 0;
      setLines(feed.flush());
    };
    const { alerts, cases } = latest.current.stores;
    const asOf = latest.current.stores.asOf ?? Date.now();
    const live = connectLive(
      // The layers hold everything up to asOf: only a gap after it needs them fetched again.
      { jurisdiction: o.jurisdiction, since: asOf - REPLAY_MS, need: asOf },
      {
        onEvents(events) {
          const now = Date.now() + latest.current.clockOffset;
          for (const e of events) {
            if (e.kind === 'alert') applyAlertEvent(alerts, e);
            else applyCaseEvent(cases, e, now);
          }
          feed.queue(events);
          if (!frame) frame = requestAnimationFrame(draw);
        },
        onKpis: (k) => latest.current.onKpis(k),
        onResync: () => latest.current.onResync(),
        onStatus: setStatus,
        // A refused stream may mean the session ended: a plain request hears the 401 and the
        // session provider sends the user to sign-in (keeping where they were).
        onRefused: () => void api.get('/api/v1/auth/me').catch(() => undefined),
      },
    );
    return () => {
      live.close();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ready, o.jurisdiction, feed]);

  // Drilling in: only the lines inside the new jurisdiction are shown (and kept from then on).
  const path = o.path;
  useEffect(() => {
    if (path) feed.retain((e) => e.path.startsWith(path));
  }, [path, feed]);
  const shown = useMemo(() => (path ? lines.filter((e) => e.path.startsWith(path)) : lines), [lines, path]);

  return { lines: shown, status };
}
