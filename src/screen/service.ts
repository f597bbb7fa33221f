/**
 * Read models for the city screen (一屏观天下): the KPI panel and the map layers of a jurisdiction
 * subtree, cheap enough for every screen to poll every few seconds. Reads other modules only
 * through their services: case figures through the cases service's evaluation (one SQL pass)
 * and list, active alerts from an in-memory index kept by the `alerts` bus, devices from a
 * snapshot of the sensing service's liveness of all devices, boundaries from the geo service
 * (simplified once per level, shared edges kept shared). Answers are cached per scope for `cacheMs`.
 */
import type { Bus } from '../platform/bus/bus.ts';
import type { Clock } from '../platform/clock.ts';
import type { GeoService } from '../geo/service.ts';
import type { Jurisdiction, JurisdictionLevel } from '../geo/model.ts';
import type { AlertsService } from '../alerts/service.ts';
import type { CasesService } from '../cases/service.ts';
import type { SensingService } from '../sensing/service.ts';
import { addCounts, zeroCounts, type IndicatorCounts } from '../cases/evaluation-model.ts';
import { createActiveAlertIndex } from './active-alerts.ts';
import { DeviceSource, type DeviceSourceOptions } from './device-source.ts';
import { countDevices, selectDevices } from './device-snapshot.ts';
import { EncodedBody } from './encoded-body.ts';
import { buildKpis, CounterRate, monthIn, todayIn, type Period, type ScreenKpis } from './kpi-model.ts';
import {
  deviceColumns,
  deviceGeoJson,
  featureCollection,
  inBBox,
  pointFeature,
  shapeFeature,
  worse,
  type JurisdictionFigures,
  type JurisdictionPart,
} from './layer-model.ts';
import { levelShapes } from './level-shapes.ts';
import { openCasesIn, type OpenCases } from './open-cases.ts';
import { TtlCache } from './ttl-cache.ts';

/** Tunables. */
export interface ScreenOptions extends DeviceSourceOptions {
  /** How long KPIs and layers are reused per scope (ms). */
  cacheMs: number;
  /** How long this month's case counts are reused (ms): the month's rates move slowly and cost the most. */
  monthCacheMs: number;
  /** Most open cases in the case layer (the newest first). */
  maxCases: number;
  /** How often the active alerts are read again in full (ms). */
  alertsReloadMs: number;
}

const DEFAULTS: ScreenOptions = {
  cacheMs: 2_000,
  monthCacheMs: 30_000,
  // Once a minute: device liveness changes over half hours, and a read of 100,000 holds the event loop.
  devicesMs: 60_000,
  // The KPI cache's life: the KPIs answered next have the new counts.
  devicesRevalidateMs: 2_000,
  maxCases: 20_000,
  alertsReloadMs: 600_000,
};

/** What the screen service needs. */
export interface ScreenDeps {
  clock: Clock;
  bus: Bus;
  /** The city's time zone (config `timeZone`): "today" starts at its midnight. */
  timeZone: string;
  geo: Pick<GeoService, 'list' | 'geometries' | 'count'>;
  alerts: Pick<AlertsService, 'list'>;
  cases: Pick<CasesService, 'list' | 'evaluation'>;
  sensing: Pick<SensingService, 'deviceLiveness' | 'ingestStats'>;
  options?: Partial<ScreenOptions>;
}

/** A device layer request. */
export interface DeviceLayerQuery {
  scopePath: string;
  bbox?: [number, number, number, number] | null;
  type?: string | null;
  format?: 'geojson' | 'columns';
}

/** The screen service. */
export type ScreenService = ReturnType<typeof createScreenService>;

/**
 * Creates the service and subscribes its alert index to the bus; `close()` unsubscribes.
 * @example const screen = createScreenService({ clock, bus, timeZone, geo, alerts, cases, sensing }); await screen.kpis(path);
 */
export function createScreenService(deps: ScreenDeps) {
  const o: ScreenOptions = { ...DEFAULTS, ...deps.options };
  const now = () => deps.clock.now();
  const activeAlerts = createActiveAlertIndex({ bus: deps.bus, list: (q) => deps.alerts.list(q), reloadMs: o.alertsReloadMs });
  const kpiCache = new TtlCache<string, ScreenKpis>(o.cacheMs, now);
  const monthCache = new TtlCache<string, IndicatorCounts>(o.monthCacheMs, now);
  const caseCache = new TtlCache<string, OpenCases>(o.cacheMs, now);
  const layerCache = new TtlCache<string, EncodedBody>(o.cacheMs, now, 128);
  const shapes = levelShapes(deps.geo);
  const accepted = () => deps.sensing.ingestStats(() => false, 0).accepted;
  const readings = new CounterRate(performance.now(), accepted());
  const devices = new DeviceSource(() => deps.sensing.deviceLiveness(), now, o);

  /** Case counts of a subtree over a period, by the evaluation's definitions. */
  async function countsOver(p: Period, scopePath: string): Promise<IndicatorCounts> {
    const rows = await deps.cases.evaluation.evaluate({ from: p.from, to: p.to, groupBy: 'jurisdiction', scopePath, depth: 1 });
    return rows.reduce((sum, r) => addCounts(sum, r.counts), zeroCounts());
  }

  /** Open cases per jurisdiction path (the deepest, where they lie), now. */
  async function openByPath(scopePath: string): Promise<Map<string, number>> {
    const t = now();
    // Depth far below any level: one group per place. `pending` at the period's end (now) is "open now".
    const rows = await deps.cases.evaluation.evaluate({ from: t, to: t + 1, groupBy: 'jurisdiction', scopePath, depth: 64 });
    return new Map(rows.filter((r) => r.groupKey !== null && r.counts.pending > 0).map((r) => [r.groupKey!, r.counts.pending]));
  }

  async function kpis(scopePath: string): Promise<ScreenKpis> {
    return kpiCache.get(scopePath, async () => {
      const asOf = now();
      const today = todayIn(asOf, deps.timeZone);
      const month = monthIn(asOf, deps.timeZone);
      const [todayCounts, monthCounts, active, snap] = await Promise.all([
        countsOver(today, scopePath),
        monthCache.get(`${month.from}|${scopePath}`, () => countsOver(month, scopePath)),
        activeAlerts.inScope(scopePath),
        devices.forKpis(),
      ]);
      return buildKpis({
        asOf,
        scopePath,
        timeZone: deps.timeZone,
        today,
        month,
        todayCounts,
        monthCounts,
        alertLevels: active.map((a) => a.level),
        devices: countDevices(snap, selectDevices(snap, { scopePath })),
        devicesAsOf: snap.asOf,
        readingsPerSecond: Math.round(readings.sample(performance.now(), accepted()) * 10) / 10,
      });
    });
  }

  /** Open cases, active alerts and the worst alert level of each jurisdiction of a level in a subtree. */
  async function figuresOf(list: readonly Jurisdiction[], scopePath: string): Promise<Map<string, JurisdictionFigures>> {
    const [open, active] = await Promise.all([openByPath(scopePath), activeAlerts.inScope(scopePath)]);
    const figures = new Map<string, JurisdictionFigures>(list.map((j) => [j.path, { openCases: 0, activeAlerts: 0, worstLevel: null }]));
    // The feature a place lies in: the one whose path prefixes the place's.
    const owner = (path: string) => {
      for (let i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) {
        const f = figures.get(path.slice(0, i + 1));
        if (f) return f;
      }
      return undefined;
    };
    for (const [path, n] of open) {
      const f = owner(path);
      if (f) f.openCases += n;
    }
    for (const a of active) {
      const f = owner(a.path);
      if (!f) continue;
      f.activeAlerts++;
      f.worstLevel = worse(f.worstLevel, a.level);
    }
    return figures;
  }

  /**
   * Jurisdictions of a level in a subtree: `all` — simplified polygons with their figures;
   * `shapes` — the polygons alone (their ETag changes only with the tree, so a screen fetches
   * them once); `figures` — only the jurisdictions with open cases or active alerts, for a
   * screen that keeps the shapes and polls the colours.
   */
  function jurisdictionLayer(level: JurisdictionLevel, scopePath: string, part: JurisdictionPart = 'all'): Promise<EncodedBody> {
    return layerCache.get(`j|${part}|${level}|${scopePath}`, async () => {
      const asOf = now();
      const list = deps.geo.list(level).filter((j) => j.path.startsWith(scopePath));
      if (part === 'figures') {
        const figures = await figuresOf(list, scopePath);
        const items = list.flatMap((j) => {
          const f = figures.get(j.path)!;
          return f.openCases > 0 || f.activeAlerts > 0 ? [{ id: j.id, code: j.code, ...f }] : [];
        });
        return new EncodedBody(JSON.stringify({ asOf, level, count: items.length, items }));
      }
      const [geometry, figures] = await Promise.all([shapes(level), part === 'all' ? figuresOf(list, scopePath) : null]);
      const features = list.map((j) => {
        const props = { id: j.id, code: j.code, name: j.name, level: j.level };
        return shapeFeature(geometry.get(j.id) ?? 'null', figures ? { ...props, ...figures.get(j.path)! } : props);
      });
      // The shapes alone carry no time, so their bytes (and ETag) stay the same between polls.
      const members = part === 'all' ? { asOf, level, count: features.length } : { level, count: features.length };
      return new EncodedBody(featureCollection(features, members), 'application/geo+json');
    });
  }

  /** Active alerts of a subtree as points (alerts without a place are counted, not drawn). */
  function alertLayer(scopePath: string): Promise<EncodedBody> {
    return layerCache.get(`a|${scopePath}`, async () => {
      const asOf = now();
      const active = await activeAlerts.inScope(scopePath);
      const features = active.flatMap((a) => {
        if (!a.location) return [];
        const { id, level, state, category, message, raisedAt, jurisdictionId } = a;
        return [pointFeature(a.location[0], a.location[1], { id, level, state, category, message, raisedAt, jurisdictionId })];
      });
      return new EncodedBody(
        featureCollection(features, { asOf, count: features.length, unplaced: active.length - features.length }),
        'application/geo+json',
      );
    });
  }

  /** Open cases of a subtree as points, with their deadline light. */
  function caseLayer(scopePath: string, bbox: [number, number, number, number] | null = null): Promise<EncodedBody> {
    return layerCache.get(`c|${scopePath}|${bbox?.join(',') ?? ''}`, async () => {
      const open = await caseCache.get(scopePath, () => openCasesIn(deps.cases, scopePath, o.maxCases, now()));
      const features = open.items.filter((c) => inBBox(c.lon, c.lat, bbox)).map((c) => pointFeature(c.lon, c.lat, c.properties));
      const members = { asOf: open.asOf, count: features.length, truncated: open.truncated };
      return new EncodedBody(featureCollection(features, members), 'application/geo+json');
    });
  }

  /** Devices of a subtree as points with online/offline, as GeoJSON or in columns. */
  function deviceLayer(q: DeviceLayerQuery): Promise<EncodedBody> {
    const format = q.format ?? 'geojson';
    return layerCache.get(`d|${q.scopePath}|${q.bbox?.join(',') ?? ''}|${q.type ?? ''}|${format}`, async () => {
      const snap = await devices.forMap();
      const selected = selectDevices(snap, q);
      return format === 'columns'
        ? new EncodedBody(deviceColumns(snap, selected))
        : new EncodedBody(deviceGeoJson(snap, selected), 'application/geo+json');
    });
  }

  return {
    kpis,
    jurisdictionLayer,
    alertLayer,
    caseLayer,
    deviceLayer,
    /** Unsubscribes from the bus. */
    close(): void {
      activeAlerts.close();
      devices.close();
    },
  };
}
