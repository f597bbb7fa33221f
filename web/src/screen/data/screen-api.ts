/**
 * The screen's reads, through the app's API client (same origin, session cookie, 401 → sign-in).
 * Layers come back as GeoJSON (`application/geo+json` is JSON to the client); the browser's
 * HTTP cache revalidates them with the ETag the platform sends.
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

/** The screen routes; `jurisdiction`/`parent` are ids or codes inside the caller's scope. */
export const screenApi = {
  kpis: (jurisdiction: string | null, signal?: AbortSignal) =>
    api.get<ScreenKpis>('/api/v1/screen/kpis', { query: { jurisdiction }, signal }),
  jurisdictions: (level: JurisdictionLevel, parent: string | null, signal?: AbortSignal) =>
    api.get<Collection<ShapeFeature<JurisdictionProps>>>('/api/v1/screen/jurisdictions', { query: { level, parent }, signal }),
  alerts: (jurisdiction: string | null, signal?: AbortSignal) =>
    api.get<Collection<PointFeature<AlertProps>>>('/api/v1/screen/alerts', { query: { jurisdiction }, signal }),
  cases: (jurisdiction: string | null, signal?: AbortSignal) =>
    api.get<Collection<PointFeature<CaseProps>>>('/api/v1/screen/cases', { query: { jurisdiction }, signal }),
  devices: (jurisdiction: string | null, signal?: AbortSignal) =>
    api.get<DeviceColumns>('/api/v1/screen/devices', { query: { jurisdiction, format: 'columns' }, signal }),
  /** One jurisdiction with its ancestors (public), for breadcrumbs and fitting the map. */
  jurisdiction: (idOrCode: string, signal?: AbortSignal) =>
    api.get<JurisdictionDetail>(`/api/v1/jurisdictions/${enc(idOrCode)}`, { signal }),
};
