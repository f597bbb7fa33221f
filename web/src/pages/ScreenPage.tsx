/**
 * `/screen`: the city screen (大屏, 一屏观天下). A map of the jurisdictions with active alerts,
 * open cases and devices, the KPI panel, charts and the live feed, all following the
 * jurisdiction picked (`?jurisdiction=`, drilled into by clicking the map or going back up the
 * breadcrumbs) and the scenario view. Loaded on demand (React.lazy in routes.tsx), so the map and
 * chart code stays out of the workbench's bundle. The parts live in `../screen/`.
 */
import { lazy, Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JurisdictionLevel } from '../api/types.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useLoad } from '../lib/use-load.ts';
import { useMe } from '../session/session.tsx';
import { Breadcrumbs, crumbsFor, type Crumb } from '../screen/Breadcrumbs.tsx';
import { screenApi } from '../screen/data/screen-api.ts';
import { useTicker } from '../screen/data/use-interval.ts';
import { usePointStores } from '../screen/data/use-point-stores.ts';
import { KpiPanel } from '../screen/kpi/KpiPanel.tsx';
import { useKpis } from '../screen/kpi/use-kpis.ts';
import { LiveFeed } from '../screen/live/LiveFeed.tsx';
import { useLiveFeed } from '../screen/live/use-live-feed.ts';
import { CityMap } from '../screen/map/CityMap.tsx';
import type { LevelContext } from '../screen/map/levels.ts';
import { MapLegend } from '../screen/map/MapLegend.tsx';
import { ScreenToolbar } from '../screen/ScreenToolbar.tsx';
import { useScreenParams } from '../screen/use-screen-params.ts';
import '../screen/screen.css';

/**
 * The charts (ECharts, half a megabyte) load beside the map rather than before it: compiling them
 * and drawing their canvases delayed the map's first frames; until then their panel stands empty
 * at its size, so nothing around the map moves when they arrive.
 */
const ChartsPanel = lazy(() => import('../screen/chart/ChartsPanel.tsx').then((m) => ({ default: m.ChartsPanel })));

/** How often the layers are read again in full (the live feed keeps them current in between), ms. */
const REFRESH_MS = 60_000;

const LEVELS: readonly JurisdictionLevel[] = ['city', 'district', 'street', 'grid', 'community'];
const asLevel = (s: string): JurisdictionLevel => ((LEVELS as readonly string[]).includes(s) ? (s as JurisdictionLevel) : 'city');

export default function ScreenPage() {
  const { t } = useTranslation();
  const me = useMe();
  const view = useScreenParams();
  const scope: Crumb = { id: me.scope.id, name: me.scope.name, level: asLevel(me.scope.level) };

  const target = view.jurisdiction ?? scope.id;
  const detail = useLoad(() => screenApi.jurisdiction(target), target);
  const [resyncs, setResyncs] = useState(0);
  const round = useTicker(REFRESH_MS) + resyncs;
  const stores = usePointStores(view.jurisdiction, round);
  const kpis = useKpis(view.jurisdiction, resyncs);
  const onResync = useCallback(() => setResyncs((r) => r + 1), []);
  const live = useLiveFeed({
    jurisdiction: view.jurisdiction,
    path: detail.data?.path ?? null,
    stores,
    onKpis: kpis.push,
    onResync,
    clockOffset: kpis.clockOffset,
  });

  const d = detail.data;
  const selected = view.jurisdiction && d && d.id !== scope.id ? { id: d.id, level: d.level } : null;
  const context: LevelContext | null = d ? { scope: { id: scope.id, level: scope.level }, selected } : null;
  const crumbs = crumbsFor(scope, selected && d ? { id: d.id, name: d.name, level: d.level, ancestors: d.ancestors } : null);
  const { setJurisdiction } = view;
  const around = new Set([scope.id, ...(selected && d ? [d.id, ...d.ancestors.map((a) => a.id)] : [])]);
  const aroundKey = [...around].join(',');
  const onPick = useCallback(
    (j: { id: string }) => {
      // The picked area and those around it (its ancestors, the scope) are where the screen already is.
      if (!aroundKey.split(',').includes(j.id)) setJurisdiction(j.id);
    },
    [aroundKey, setJurisdiction],
  );

  return (
    <div className="screen">
      <header className="screen-head">
        <h1>{t('screen.title')}</h1>
        <Breadcrumbs crumbs={crumbs} onGo={setJurisdiction} />
        <ScreenToolbar fill={view.fill} scenario={view.scenario} onFill={view.setFill} onScenario={view.setScenario} />
      </header>
      <ProblemMessage error={detail.error ?? stores.error ?? kpis.error} onRetry={detail.error ? () => setJurisdiction(null) : onResync} />
      <div className="screen-body">
        <div className="screen-left">
          <KpiPanel kpis={kpis.kpis} />
          <Suspense fallback={<section className="screen-panel charts-panel" aria-busy="true" />}>
            <ChartsPanel stores={stores} scenario={view.scenario} />
          </Suspense>
        </div>
        <div className="screen-center">
          <CityMap
            stores={stores}
            context={context}
            bbox={d?.bbox ?? null}
            fill={view.fill}
            scenario={view.scenario}
            round={round}
            onPick={onPick}
          />
          <MapLegend />
        </div>
        <div className="screen-right">
          <LiveFeed lines={live.lines} status={live.status} scenario={view.scenario} />
        </div>
      </div>
    </div>
  );
}
