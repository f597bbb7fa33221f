/**
 * Active alerts and open cases on the map, drawn from the shared point stores (which the layer
 * fetch fills and live events edit) whenever a store says it changed (throttled there), through
 * the scenario filter. Cases go through a clustered source, so the filter is applied to the data
 * rather than the layer: clusters must count only the cases shown.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { PointStore } from '../data/point-store.ts';
import { inScenario, type Scenario } from '../scenarios.ts';
import type { AlertProps, CaseProps } from '../types.ts';
import { collection, setSourceData } from './sources.ts';
import { SOURCE } from './style.ts';

/** Alerts and cases bound to their sources. */
export class PointLayers {
  private scenario: Scenario | null = null;
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly map: MapLibreMap,
    private readonly alerts: PointStore<AlertProps>,
    private readonly cases: PointStore<CaseProps>,
  ) {
    this.unsubscribe = [alerts.subscribe(() => this.drawAlerts()), cases.subscribe(() => this.drawCases())];
    this.drawAlerts();
    this.drawCases();
  }

  /** Narrows both layers to a scenario (null: everything). */
  setScenario(scenario: Scenario | null): void {
    this.scenario = scenario;
    this.drawAlerts();
    this.drawCases();
  }

  dispose(): void {
    this.unsubscribe.forEach((u) => u());
  }

  private drawAlerts(): void {
    const s = this.scenario;
    setSourceData(this.map, SOURCE.alerts, collection(this.alerts.all().filter((f) => inScenario(s, f.properties.category))));
  }

  private drawCases(): void {
    const s = this.scenario;
    setSourceData(this.map, SOURCE.cases, collection(this.cases.all().filter((f) => inScenario(s, f.properties.category))));
  }
}
