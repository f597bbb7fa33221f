/**
 * The platform endpoints the simulator uses, typed: communities and locate (geo), devices
 * (list, get, import, retag, new secret), readings, detections and the ingestion statistics.
 * Only public HTTP interfaces — the simulator never opens the platform's database.
 */
import { PlatformError, SimError, type PlatformClient } from './platform-client.ts';
import type { Place, SimDetection, SimReading } from './sim-model.ts';

/** A device as the platform lists it (the fields the simulator reads). */
export interface RemoteDevice {
  id: string;
  type: string;
  tags: string[];
  location: [number, number];
  status: string;
  lastSeen: number | null;
}

/** The answer to a batch of readings or detections. */
export interface IngestAnswer {
  accepted: number;
  duplicates?: number;
  rejected: Array<{ index: number; reason: string; field?: string; message?: string }>;
}

/** Counters of one ingestion source. */
export interface SourceCounters {
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** The ingestion statistics (the parts the simulator shows). */
export interface StatsAnswer {
  accepted: number;
  rejected: number;
  byReason: Record<string, number>;
  bySource: { http: SourceCounters; mqtt: SourceCounters; detections: SourceCounters };
}

/** A device row for `POST /api/v1/devices/import`. */
export interface ImportRow {
  id: string;
  type: string;
  name: string;
  lon: number;
  lat: number;
  tags: string[];
  householdRef: string | null;
}

/** The import report. */
export interface ImportAnswer {
  created: number;
  accepted: Array<{ index: number; id: string; secret: string | null }>;
  rejected: Array<{ index: number; id: string | null; field: string; message: string }>;
}

/** Most rows the simulator puts in one import request. */
export const IMPORT_CHUNK = 5_000;

/** A community the simulator may place devices in, with its jurisdiction path (ids, `/a/b/c/`) for `--focus`. */
export type Community = Place & { path: string };

/**
 * The demo city's communities, by code (virtual ones — farms, parks — left out: nobody lives there).
 * @example const places = await fetchCommunities(client);
 */
export async function fetchCommunities(c: PlatformClient): Promise<Community[]> {
  const res = await c.request<{ items: Array<Community & { level: string }> }>('GET', '/api/v1/jurisdictions?level=community');
  const all = res.body.items.map(({ code, name, center, bbox, path }) => ({ code, name, center, bbox, path }));
  const lived = all.filter((p) => !p.name.includes('虚拟'));
  const places = (lived.length > 0 ? lived : all).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  if (places.length === 0)
    throw new SimError(`the platform at ${c.url} has no communities; start it with the demo city (without --no-demo) or import them.`);
  return places;
}

/**
 * The communities (of `places`) inside the jurisdiction with `code`, for `--focus`; a SimError
 * naming the option when there is no such jurisdiction or it holds none of them.
 * @example const focus = await communitiesUnder(client, '310101', places); // 黄浦区's
 */
export async function communitiesUnder(c: PlatformClient, code: string, places: readonly Community[]): Promise<Community[]> {
  let id: string;
  try {
    id = (await c.request<{ id: string }>('GET', `/api/v1/jurisdictions/${encodeURIComponent(code)}`)).body.id;
  } catch (e) {
    if (e instanceof PlatformError && e.status === 404) throw new SimError(`--focus: the platform has no jurisdiction with code "${code}"`);
    throw e;
  }
  const focus = places.filter((p) => p.path.includes(`/${id}/`));
  if (focus.length === 0) throw new SimError(`--focus: jurisdiction "${code}" holds no community to place devices in`);
  return focus;
}

/**
 * The community code of each point (null outside every community), up to 10,000 per call.
 * @example await communitiesAt(client, [{ lon: 121.48, lat: 31.23 }]) // ['310101002001']
 */
export async function communitiesAt(c: PlatformClient, points: ReadonlyArray<{ lon: number; lat: number }>): Promise<Array<string | null>> {
  const out: Array<string | null> = [];
  for (let i = 0; i < points.length; i += 10_000) {
    const res = await c.request<{ results: Array<{ chain: Array<{ code: string; level: string }> }> }>(
      'POST',
      '/api/v1/geo/locate',
      points.slice(i, i + 10_000),
    );
    for (const r of res.body.results) out.push(r.chain.find((j) => j.level === 'community')?.code ?? null);
  }
  return out;
}

/**
 * Every device with a tag, page by page.
 * @example const mine = await listDevicesTagged(client, 'sim');
 */
export async function listDevicesTagged(c: PlatformClient, tag: string): Promise<Map<string, RemoteDevice>> {
  const out = new Map<string, RemoteDevice>();
  let cursor: string | null = null;
  do {
    const q: string = `/api/v1/devices?tag=${encodeURIComponent(tag)}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await c.request<{ items: RemoteDevice[]; nextCursor: string | null }>('GET', q);
    for (const d of res.body.items) out.set(d.id, d);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

/** One device, or null when there is none (or none the caller may see). */
export async function getDevice(c: PlatformClient, id: string): Promise<RemoteDevice | null> {
  try {
    return (await c.request<RemoteDevice>('GET', `/api/v1/devices/${encodeURIComponent(id)}`)).body;
  } catch (e) {
    if (e instanceof PlatformError && e.status === 404) return null;
    throw e;
  }
}

/** Imports devices (rows mode: the valid ones are stored, the rest reported — also when none is stored). */
export async function importDevices(c: PlatformClient, rows: readonly ImportRow[]): Promise<ImportAnswer> {
  return sendBatch<ImportAnswer>(c, '/api/v1/devices/import?mode=rows', rows);
}

/** Replaces a device's tags. */
export async function setTags(c: PlatformClient, id: string, tags: readonly string[]): Promise<void> {
  await c.request('PATCH', `/api/v1/devices/${encodeURIComponent(id)}`, { tags });
}

/** Gives a device a new secret and returns it (the old one stops working). */
export async function rotateSecret(c: PlatformClient, id: string): Promise<string> {
  return (await c.request<{ secret: string }>('POST', `/api/v1/devices/${encodeURIComponent(id)}/secret`)).body.secret;
}

/** Sends a batch of readings (at most 50,000 items); a batch refused whole still answers its per-item report. */
export async function postReadings(c: PlatformClient, items: readonly SimReading[]): Promise<IngestAnswer> {
  return sendBatch<IngestAnswer>(c, '/api/v1/readings', items);
}

/** Sends detections (at most 1,000); refused whole, they still answer their per-item report. */
export async function postDetections(c: PlatformClient, items: readonly SimDetection[]): Promise<IngestAnswer> {
  return sendBatch<IngestAnswer>(c, '/api/v1/detections', items);
}

/** Posts a batch; the platform's 422 NOTHING_ACCEPTED carries the same report as a 207 and is read as one. */
async function sendBatch<R extends { rejected: unknown[] }>(c: PlatformClient, path: string, items: readonly unknown[]): Promise<R> {
  try {
    return (await c.request<R>('POST', path, items)).body;
  } catch (e) {
    if (e instanceof PlatformError && e.code === 'NOTHING_ACCEPTED' && Array.isArray((e.body as Partial<R> | null)?.rejected))
      return e.body as R;
    throw e;
  }
}

/** The ingestion statistics since the platform started. */
export async function ingestStats(c: PlatformClient): Promise<StatsAnswer> {
  return (await c.request<StatsAnswer>('GET', '/api/v1/ingest/stats?limit=1')).body;
}
