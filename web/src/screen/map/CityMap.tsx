/**
 * The map panel: mounts {@link ScreenMap} once and passes it what the page decides — where to
 * look, the fill, the scenario — and polls the devices of the jurisdiction shown (every 30 s, from
 * when the polygons are drawn; the platform refreshes its device snapshot every 15 s). The map lives outside React's state: props
 * are applied by calls, so a new figure never re-renders a WebGL canvas.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Light } from '../../api/types.ts';
import { useNavigate } from '../../router/router.tsx';
import { useCategoryName } from '../../work/catalogue.ts';
import type { PointStores } from '../data/use-point-stores.ts';
import { useTicker } from '../data/use-interval.ts';
import { screenApi } from '../data/screen-api.ts';
import type { Scenario } from '../scenarios.ts';
import { useScreenFormat } from '../use-screen-format.ts';
import type { FillMode } from './fill-model.ts';
import type { LevelContext } from './levels.ts';
import { alertPopup, casePopup, type PopupWords } from './popup-content.ts';
import { ScreenMap, type BBox, type ScreenMapHooks } from './screen-map.ts';
import type { JurisdictionLevel } from '../../api/types.ts';

/** How often the device layer is read again, ms. */
const DEVICE_POLL_MS = 30_000;

/** What the page decides about the map. */
export interface CityMapProps {
  stores: PointStores;
  /** Scope and selection; null until known. */
  context: LevelContext | null;
  /** The box to fit when the context changes. */
  bbox: BBox | null;
  fill: FillMode;
  scenario: Scenario | null;
  /** Bumped to reload the polygons' counts. */
  round: number;
  onPick: (j: { id: string; level: JurisdictionLevel; name: string }) => void;
}

/** The map panel. */
export function CityMap(props: CityMapProps) {
  const { t } = useTranslation();
  const fmt = useScreenFormat();
  const category = useCategoryName();
  const navigate = useNavigate();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<ScreenMap | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Handlers read the latest words and callbacks without re-creating the map.
  const words: PopupWords = {
    level: (l) => t(`screen.alertLevel.${l}`),
    category,
    state: (s) => t(`caseState.${s}`),
    light: (l: Light | null) => (l ? t(`light.${l}`) : t('light.none')),
    raisedAt: (ms) => t('screen.popup.raisedAt', { time: fmt.dateTime(ms) }),
    dueAt: (ms) => t('screen.popup.dueAt', { time: fmt.dateTime(ms) }),
    openCase: t('screen.popup.openCase'),
  };
  const latest = useRef({ words, onPick: props.onPick, navigate });
  useEffect(() => {
    latest.current = { words, onPick: props.onPick, navigate };
  });

  const { stores } = props;
  useEffect(() => {
    const hooks: ScreenMapHooks = {
      onPickJurisdiction: (j) => latest.current.onPick(j),
      popupFor: (p) =>
        p.kind === 'alert'
          ? alertPopup(p.props, latest.current.words)
          : casePopup(p.props, latest.current.words, (id) => latest.current.navigate(`/cases/${encodeURIComponent(id)}`)),
      onError: (e) => console.warn('map:', e),
    };
    let m: ScreenMap;
    try {
      m = new ScreenMap(container.current!, { alerts: stores.alerts, cases: stores.cases }, hooks);
    } catch (e) {
      // No WebGL (an old browser, a locked-down machine): say so instead of a blank panel.
      queueMicrotask(() => setError(e instanceof Error ? e.message : String(e)));
      return;
    }
    map.current = m;
    return () => {
      map.current = null;
      m.dispose();
    };
  }, [stores.alerts, stores.cases]);

  const { context, bbox } = props;
  const contextKey = context ? `${context.scope.id}|${context.selected?.id ?? ''}` : '';
  const first = useRef(true);
  useEffect(() => {
    if (!context) return;
    map.current?.show(context, bbox, first.current);
    first.current = false;
    // contextKey names the context; the objects themselves are new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [contextKey]);

  useEffect(() => map.current?.setFillMode(props.fill), [props.fill]);
  useEffect(() => map.current?.setScenario(props.scenario), [props.scenario]);
  useEffect(() => {
    if (props.round > 0) map.current?.refreshJurisdictions();
  }, [props.round]);

  const jurisdiction = context?.selected?.id ?? null;
  const devicesTick = useTicker(DEVICE_POLL_MS);
  useEffect(() => {
    if (!context) return;
    const m = map.current;
    if (!m) return;
    const abort = new AbortController();
    // 100,000 devices are several MB to parse and tile: not before the polygons are on screen.
    m.drawn
      .then(() => (abort.signal.aborted ? null : screenApi.devices(jurisdiction, abort.signal)))
      .then(
        (c) => c && m.showDevices(c),
        (e: unknown) => {
          if (!abort.signal.aborted) console.warn('devices:', e);
        },
      );
    return () => abort.abort();
    // Reload on a new jurisdiction or tick; `context` itself is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jurisdiction, devicesTick, context !== null]);

  return (
    <div className="screen-map" role="region" aria-label={t('screen.map.label')}>
      <div ref={container} className="screen-map-canvas" />
      {error && (
        <p className="screen-map-error" role="alert">
          {t('screen.map.error', { detail: error })}
        </p>
      )}
    </div>
  );
}
