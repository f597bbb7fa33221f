/**
 * The screen's reads, through the app's API client (same origin, session cookie, 401 → sign-in).
 * Layers come back as GeoJSON (`application/geo+json` is JSON to the client); the browser's
 * HTTP cache revalidates them with the ETag the platform sends.
 *
 * The first reads of the screen can be started early ({@link prefetchScreen}: as soon as the
 * caller is known, while the screen's code still loads); a read then takes the answer already on
 * its way when it is recent, once, instead of asking again.
 */
import { api } from '../../api/client.ts';
import type { JurisdictionLevel } from '../../api/types.ts';
import type {
  AlertProps,
  CaseProps,
  Collection,
  DeviceColumns,
  JurisdictionDetail,
  JurisdictionProps,
  PointFeature,
  ScreenKpis,
  ShapeFeature,
} from '../types.ts';

const enc = encodeURIComponent;

/** An early answer older than this is not used, ms. */
const FRESH_MS = 10_000;

const early = new Map<string, { at: number; answer: Promise<unknown> }>();

/** Starts a read now (no-op when one is already waiting under `key`). */
function prefetch(key: string, read: () => Promise<unknown>): void {
  if (early.has(key)) return;
  const answer = read();
  // A failed prefetch is not an error: the read asks again.
  answer.catch(() => early.delete(key));
  early.set(key, { at: Date.now(), answer });
}

/** The early answer under `key` when recent (taken: used once), else `read()`. */
function takeOr<T>(key: string, read: () => Promise<T>): Promise<T> {
  const e = early.get(key);
  early.delete(key);
  return e && Date.now() - e.at < FRESH_MS ? (e.answer as Promise<T>) : read();
}

/** The reads, each as it goes over the wire. */
const wire = {
  kpis: (jurisdiction: string | null, signal?: AbortSignal) =>
    api.get<ScreenKpis>('/api/v1/screen/kpis', { query: { jurisdiction }, signal }),
  jurisdictions: (level: JurisdictionLevel, parent: string | null, signal?: AbortSignal) =>
    api.get<Collection<ShapeFeature<JurisdictionProps>>>('/api/v1/screen/jurisdictions', { query: { level, parent }, signal }),
  alerts: (jurisdiction: string | null, signal?: AbortSignal) =>
    api.get<Collection<PointFeature<AlertProps>>>('/api/v1/screen/alerts', { query: { jurisdiction }, signal }),
  cases: (jurisdiction: string | null, signal?: AbortSignal) =>
    api.get<Collection<PointFeature<CaseProps>>>('/api/v1/screen/cases', { query: { jurisdiction }, signal }),
  jurisdiction: (idOrCode: string, signal?: AbortSignal) =>
    api.get<JurisdictionDetail>(`/api/v1/jurisdictions/${enc(idOrCode)}`, { signal }),
};

/** The screen routes; `jurisdiction`/`parent` are ids or codes inside the caller's scope. */
export const screenApi = {
  kpis: (jurisdiction: string | null, signal?: AbortSignal) => takeOr(`kpis|${jurisdiction}`, () => wire.kpis(jurisdiction, signal)),
  jurisdictions: (level: JurisdictionLevel, parent: string | null, signal?: AbortSignal) =>
    takeOr(`jurisdictions|${level}|${parent}`, () => wire.jurisdictions(level, parent, signal)),
  alerts: (jurisdiction: string | null, signal?: AbortSignal) => takeOr(`alerts|${jurisdiction}`, () => wire.alerts(jurisdiction, signal)),
  cases: (jurisdiction: string | null, signal?: AbortSignal) => takeOr(`cases|${jurisdiction}`, () => wire.cases(jurisdiction, signal)),
  devices: (jurisdiction: string | null, signal?: AbortSignal) =>
    api.get<DeviceColumns>('/api/v1/screen/devices', { query: { jurisdiction, format: 'columns' }, signal }),
  /** One jurisdiction with its ancestors (public), for breadcrumbs and fitting the map. */
  jurisdiction: (idOrCode: string, signal?: AbortSignal) => takeOr(`jurisdiction|${idOrCode}`, () => wire.jurisdiction(idOrCode, signal)),
};

/**
 * Starts the screen's first reads for a caller whose scope is `scope`, looking at `jurisdiction`
 * (null: the scope): the KPIs, alerts, cases, the jurisdiction's details and — for the scope
 * itself — the polygons of `firstLevel` (the level below it, what the map shows first).
 */
export function prefetchScreen(scope: { id: string }, jurisdiction: string | null, firstLevel: JurisdictionLevel | null): void {
  prefetch(`kpis|${jurisdiction}`, () => wire.kpis(jurisdiction));
  prefetch(`alerts|${jurisdiction}`, () => wire.alerts(jurisdiction));
  prefetch(`cases|${jurisdiction}`, () => wire.cases(jurisdiction));
  const target = jurisdiction ?? scope.id;
  prefetch(`jurisdiction|${target}`, () => wire.jurisdiction(target));
  if (!jurisdiction && firstLevel) prefetch(`jurisdictions|${firstLevel}|${scope.id}`, () => wire.jurisdictions(firstLevel, scope.id));
}
