/**
 * The screen's state in the address bar, so a wall display can be pointed at a view and a view
 * can be shared: `?jurisdiction=<id>` (drill-down; a new history entry, so Back goes up again),
 * `?scenario=water|elderly|construction|manhole`, `?fill=cases|alerts` (replaced in place).
 */
import { useCallback } from 'react';
import { useNavigate, useSearchParams } from '../router/router.tsx';
import { parseFillMode, type FillMode } from './map/fill-model.ts';
import { parseScenario, type Scenario } from './scenarios.ts';

/** The view asked for. */
export interface ScreenParams {
  jurisdiction: string | null;
  scenario: Scenario | null;
  fill: FillMode;
}

/** The view and its setters. */
export function useScreenParams(): ScreenParams & {
  setJurisdiction: (id: string | null) => void;
  setScenario: (s: Scenario | null) => void;
  setFill: (f: FillMode) => void;
} {
  const params = useSearchParams();
  const navigate = useNavigate();
  const jurisdiction = params.get('jurisdiction') || null;
  const scenario = parseScenario(params.get('scenario'));
  const fill = parseFillMode(params.get('fill'));
  const go = useCallback(
    (change: Record<string, string | null>, replace: boolean) => {
      const next = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(change)) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      const qs = next.toString();
      navigate(qs ? `/screen?${qs}` : '/screen', { replace });
    },
    [navigate],
  );
  return {
    jurisdiction,
    scenario,
    fill,
    setJurisdiction: useCallback((id) => go({ jurisdiction: id }, false), [go]),
    setScenario: useCallback((s) => go({ scenario: s }, true), [go]),
    setFill: useCallback((f) => go({ fill: f === 'cases' ? null : f }, true), [go]),
  };
}
