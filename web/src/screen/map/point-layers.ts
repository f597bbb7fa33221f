/**
 * Active alerts and open cases on the map, drawn from the shared point stores (which the layer
 * fetch fills and live events edit) whenever a store says it changed (throttled there), through
 * the scenario filter. Cases go through a clustered source, so the filter is applied to the data
 * rather than the layer: clusters must count only the cases shown.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { PointStore } from '../data/point-store.ts';
import { inScenario, type Scenario } from '../scenarios.ts';
import type { AlertProps, CaseProps, PointFeature } from '../types.ts';
import { collection, setSourceData } from './sources.ts';
import { SOURCE } from './map-ids.ts';

/** A store's points in a scenario: what its source is given. */
export function pointFeatures<P extends { id: string; category: string | null }>(
  store: PointStore<P>,
  scenario: Scenario | null,
): PointFeature<P>[] {
  return store.all().filter((f) => inScenario(scenario, f.properties.category));
}

/** What the sources already hold when the layers are bound: the scenario and store versions the style was made from. */
export interface PointsDrawn {
  scenario: Scenario | null;
  alerts: number;
  cases: number;
}

/** Alerts and cases bound to their sources. */
export class PointLayers {
  private scenario: Scenario | null;
  private readonly drawn: { alerts: number; cases: number };
  private readonly unsubscribe: Array<() => void>;

  /** Draws only what changed since `drawn` (the map's style already holds that). */
  constructor(
    private readonly map: MapLibreMap,
    private readonly alerts: PointStore<AlertProps>,
    private readonly cases: PointStore<CaseProps>,
    drawn: PointsDrawn,
  ) {
    this.scenario = drawn.scenario;
    this.drawn = { alerts: drawn.alerts, cases: drawn.cases };
    this.unsubscribe = [alerts.subscribe(() => this.drawAlerts()), cases.subscribe(() => this.drawCases())];
    this.drawAlerts();
    this.drawCases();
  }

  /** Narrows both layers to a scenario (null: everything). */
  setScenario(scenario: Scenario | null): void {
    if (scenario === this.scenario) return;
    this.scenario = scenario;
    this.drawAlerts(true);
    this.drawCases(true);
  }

  dispose(): void {
    this.unsubscribe.forEach((u) => u());
  }

  // Each setData re-tiles the source and costs a frame: none when the store has not moved on.
  private drawAlerts(always = false): void {
    if (!always && this.alerts.version === this.drawn.alerts) return;
    this.drawn.alerts = this.alerts.version;
    setSourceData(this.map, SOURCE.alerts, collection(pointFeatures(this.alerts, this.scenario)));
  }

  private drawCases(always = false): void {
    if (!always && this.cases.version === this.drawn.cases) return;
    this.drawn.cases = this.cases.version;
    setSourceData(this.map, SOURCE.cases, collection(pointFeatures(this.cases, this.scenario)));
  }
}
