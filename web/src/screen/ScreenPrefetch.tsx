/**
 * Starts the city screen's first reads as soon as the caller is known, while the screen's own
 * code (MapLibre and ECharts, ~1.6 MB) is still loading and compiling: the map is made once its
 * first polygons and its jurisdiction's box are in, so asking for them half a second earlier
 * brings the first paint forward by as much. In the app's main bundle; renders nothing.
 */
import { useState } from 'react';
import type { JurisdictionLevel } from '../api/types.ts';
import { useSearchParams } from '../router/router.tsx';
import { useMe } from '../session/session.tsx';
import { prefetchScreen } from './data/screen-api.ts';
import { childLevel } from './map/levels.ts';

/** Prefetches once per mount (a state initializer: a re-render asks nothing again). */
export function ScreenPrefetch(): null {
  const me = useMe();
  const jurisdiction = useSearchParams().get('jurisdiction') || null;
  useState(() => {
    // An unknown level has no child level: then the map asks for its polygons itself.
    prefetchScreen(me.scope, jurisdiction, childLevel(me.scope.level as JurisdictionLevel));
    return null;
  });
  return null;
}
