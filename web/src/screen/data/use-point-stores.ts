/**
 * The alert and case points of the jurisdiction shown: one store each for the whole page (the
 * map, the charts and the live feed share them), filled from the layers when the jurisdiction
 * changes or `round` moves on (a periodic refresh, a resync), edited by live events in between.
 */
import { useEffect, useState } from 'react';
import type { AlertProps, CaseProps } from '../types.ts';
import { PointStore } from './point-store.ts';
import { screenApi } from './screen-api.ts';

/** The stores and the state of their last load. */
export interface PointStores {
  alerts: PointStore<AlertProps>;
  cases: PointStore<CaseProps>;
  /** Platform time of the alert layer last loaded (where the live feed replays from), null before. */
  asOf: number | null;
  error: unknown;
}

/** Loads the layers of `jurisdiction` (null: the caller's scope) into shared stores. */
export function usePointStores(jurisdiction: string | null, round: number): PointStores {
  // Each redraw re-tiles the layer: once a second keeps a marker within a second of its event
  // and a burst of 1,000 events a second to one redraw.
  const [stores] = useState(() => ({ alerts: new PointStore<AlertProps>(1000), cases: new PointStore<CaseProps>(1000) }));
  const [loaded, setLoaded] = useState<{ asOf: number | null; error: unknown }>({ asOf: null, error: undefined });

  useEffect(() => {
    const abort = new AbortController();
    Promise.all([screenApi.alerts(jurisdiction, abort.signal), screenApi.cases(jurisdiction, abort.signal)]).then(
      ([alerts, cases]) => {
        if (abort.signal.aborted) return;
        stores.alerts.replace(alerts.features);
        stores.cases.replace(cases.features);
        setLoaded({ asOf: alerts.asOf, error: undefined });
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setLoaded((l) => ({ asOf: l.asOf, error }));
      },
    );
    return () => abort.abort();
  }, [jurisdiction, round, stores]);

  return { ...stores, ...loaded };
}
