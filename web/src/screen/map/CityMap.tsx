/**
 * The map panel: makes {@link ScreenMap} once the first context is known and passes it what the
 * page decides — where to look, the fill, the scenario — and polls the devices of the jurisdiction
 * shown (every 30 s, from when the polygons are drawn; the platform refreshes its device snapshot
 * every 15 s). The map lives outside React's rendering: props are applied by calls, so a new
 * figure never re-renders a WebGL canvas.
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
  const [map, setMap] = useState<ScreenMap | null>(null);
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

  const { context, bbox } = props;
  // The stores themselves (the object holding them is new on every render).
  const { alerts, cases } = props.stores;
  const contextKey = context ? `${context.scope.id}|${context.selected?.id ?? ''}` : '';
  // The latest props, for the map as it is made (its first polygons may take a moment).
  const settings = useRef({ mode: props.fill, scenario: props.scenario, context, bbox });
  useEffect(() => {
    settings.current = { mode: props.fill, scenario: props.scenario, context, bbox };
  });

  const shown = useRef('');
  // Made once the first context is known, with its polygons already in (screen-map.ts says why).
  const made = map !== null;
  useEffect(() => {
    if (made || !context) return;
    const hooks: ScreenMapHooks = {
      onPickJurisdiction: (j) => latest.current.onPick(j),
      popupFor: (p) =>
        p.kind === 'alert'
          ? alertPopup(p.props, latest.current.words)
          : casePopup(p.props, latest.current.words, (id) => latest.current.navigate(`/cases/${encodeURIComponent(id)}`)),
      onError: (e) => console.warn('map:', e),
    };
    const abort = new AbortController();
    const opening = { ctx: context, bbox, settings: () => settings.current };
    ScreenMap.open(container.current!, opening, { alerts, cases }, hooks, abort.signal).then(
      (m) => {
        shown.current = contextKey;
        setMap(m);
      },
      (e: unknown) => {
        // No WebGL (an old browser, a locked-down machine): say so instead of a blank panel.
        if (!abort.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => abort.abort();
    // contextKey names the context; the objects themselves are new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [made, contextKey, alerts, cases]);
  useEffect(() => () => map?.dispose(), [map]);

  // Later contexts (drilling in, going back up): the map moves there.
  useEffect(() => {
    const { context: ctx, bbox: box } = settings.current;
    if (!map || !ctx || shown.current === contextKey) return;
    shown.current = contextKey;
    map.show(ctx, box);
  }, [map, contextKey]);

  useEffect(() => map?.setFillMode(props.fill), [map, props.fill]);
  useEffect(() => map?.setScenario(props.scenario), [map, props.scenario]);
  useEffect(() => {
    if (props.round > 0) map?.refreshJurisdictions();
    // Only a new round reloads; the map being made loads its own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.round]);

  const jurisdiction = context?.selected?.id ?? null;
  const devicesTick = useTicker(DEVICE_POLL_MS);
  useEffect(() => {
    if (!map) return;
    const abort = new AbortController();
    // 100,000 devices are several MB to parse and tile: not before the polygons are on screen.
    map.drawn
      .then(() => (abort.signal.aborted ? null : screenApi.devices(jurisdiction, abort.signal)))
      .then(
        (c) => c && map.showDevices(c),
        (e: unknown) => {
          if (!abort.signal.aborted) console.warn('devices:', e);
        },
      );
    return () => abort.abort();
  }, [map, jurisdiction, devicesTick]);

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
