/**
 * The KPI panel's figures for the jurisdiction shown: fetched when it changes, then pushed by the
 * live feed (`kpi` messages every 5 s); when no push came for a while (the feed is reconnecting),
 * fetched again, so the panel never stands still for long.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { screenApi } from '../data/screen-api.ts';
import type { ScreenKpis } from '../types.ts';

/** Poll when the feed has been quiet this long, ms. */
const STALE_MS = 10_000;

/** The figures, where they stand, and how the feed hands new ones in. */
export interface Kpis {
  kpis: ScreenKpis | null;
  error: unknown;
  /** Takes figures pushed by the live feed. */
  push: (k: ScreenKpis) => void;
  /** Platform clock minus browser clock, ms (0 until figures arrived): for deadline lights. */
  clockOffset: number;
}

/** KPIs of `jurisdiction` (null: the caller's scope). */
export function useKpis(jurisdiction: string | null, round: number): Kpis {
  const [state, setState] = useState<{ key: string; kpis: ScreenKpis | null; error: unknown; offset: number }>({
    key: '',
    kpis: null,
    error: undefined,
    offset: 0,
  });
  const key = jurisdiction ?? '';
  const lastAt = useRef(0);

  const take = useCallback(
    (k: ScreenKpis) => {
      lastAt.current = Date.now();
      setState({ key, kpis: k, error: undefined, offset: k.asOf - Date.now() });
    },
    [key],
  );

  useEffect(() => {
    const abort = new AbortController();
    const fetchNow = () =>
      screenApi.kpis(jurisdiction, abort.signal).then(take, (error: unknown) => {
        if (!abort.signal.aborted) setState((s) => ({ ...s, error }));
      });
    void fetchNow();
    const id = setInterval(() => {
      if (Date.now() - lastAt.current > STALE_MS) void fetchNow();
    }, STALE_MS / 2);
    return () => {
      abort.abort();
      clearInterval(id);
    };
  }, [jurisdiction, round, take]);

  const current = state.key === key;
  return { kpis: current ? state.kpis : null, error: current ? state.error : undefined, push: take, clockOffset: state.offset };
}
