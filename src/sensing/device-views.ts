/**
 * Reading devices back: lists with filters and cursor paging, one device with its newest
 * values, whether it is online, and its readings over a time range. Latest values come from
 * the latest table overlaid with what is pending in memory, so they are never behind storage.
 */
import type { Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { withinScope } from '../platform/http/access.ts';
import type { MetricValue } from './reading-model.ts';
import { deviceType, metricOf } from './device-types.ts';
import { decodeValue, deviceStatus, offlineAfterOf, type Device, type DeviceView, type LatestValue } from './device-model.ts';
import type { LatestState } from './latest-state.ts';
import * as store from './store.ts';
import * as readingsStore from './readings-store.ts';

/** A device with its newest value per metric. */
export interface DeviceDetail extends DeviceView {
  latest: Record<string, LatestValue>;
}

/** Filters for a device list. */
export interface DeviceListQuery {
  scopePath: string;
  type?: string;
  tag?: string;
  cursor?: string;
  limit?: number;
}

/** A history request. */
export interface HistoryRequest {
  metric?: string;
  from?: number;
  to?: number;
  cursor?: string;
  limit?: number;
}

/** A page of history. */
export interface HistoryPage {
  deviceId: string;
  from: number;
  to: number;
  items: Array<{ ts: number; metric: string; value: MetricValue }>;
  nextCursor: string | null;
}

/** Longest history range in one request. */
export const MAX_HISTORY_RANGE_MS = 31 * 24 * 3600_000;
const DAY = 24 * 3600_000;

/** The view functions (part of the sensing service). */
export type DeviceViews = ReturnType<typeof createDeviceViews>;

/**
 * Creates the view functions.
 * @example const views = createDeviceViews({ database, clock, latest });
 */
export function createDeviceViews(deps: { database: Database; clock: Clock; latest: LatestState }) {
  const { db } = deps.database;

  async function latestByDevice(devices: readonly Device[]): Promise<Map<string, Record<string, LatestValue>>> {
    const out = new Map<string, Record<string, LatestValue>>(devices.map((d) => [d.id, {}]));
    const kinds = new Map(devices.map((d) => [d.id, deviceType(d.type)]));
    for (const r of await readingsStore.latestOf(
      db,
      devices.map((d) => d.id),
    )) {
      const spec = kinds.get(r.deviceId) ? metricOf(kinds.get(r.deviceId)!, r.metric) : undefined;
      if (spec) out.get(r.deviceId)![r.metric] = { ts: r.ts, value: decodeValue(spec.kind, r.value) };
    }
    for (const d of devices) {
      const type = kinds.get(d.id);
      if (!type) continue;
      const values = out.get(d.id)!;
      for (const [metric, spec] of Object.entries(type.metrics)) {
        const p = deps.latest.pendingOf(d.id, metric);
        if (p && (values[metric] === undefined || p.ts > values[metric].ts))
          values[metric] = { ts: p.ts, value: decodeValue(spec.kind, p.value) };
      }
    }
    return out;
  }

  function view(d: Device, latest: Record<string, LatestValue>, now: number): DeviceView {
    let lastSeen: number | null = null;
    for (const v of Object.values(latest)) if (lastSeen === null || v.ts > lastSeen) lastSeen = v.ts;
    return { ...d, lastSeen, status: deviceStatus(lastSeen, offlineAfterOf(deviceType(d.type), d.offlineAfterS), now) };
  }

  /** Devices in a scope, by id, a page at a time. */
  async function list(q: DeviceListQuery): Promise<{ items: DeviceView[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    const rows = await store.listDevices(db, {
      scopePath: q.scopePath,
      limit: limit + 1,
      ...(q.type !== undefined ? { type: q.type } : {}),
      ...(q.tag !== undefined ? { tag: q.tag } : {}),
      ...(q.cursor !== undefined ? { afterId: q.cursor } : {}),
    });
    const page = rows.slice(0, limit);
    const latest = await latestByDevice(page);
    const now = deps.clock.now();
    return {
      items: page.map((d) => view(d, latest.get(d.id) ?? {}, now)),
      nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  }

  /** One device in scope with its newest values; 404 when absent or out of scope. */
  async function get(id: string, scopePath: string): Promise<DeviceDetail> {
    const d = await store.deviceById(db, id);
    if (!d || !withinScope(d.jurisdictionPath, scopePath)) throw notFound('device', 'DEVICE_NOT_FOUND');
    const latest = (await latestByDevice([d])).get(d.id) ?? {};
    return { ...view(d, latest, deps.clock.now()), latest };
  }

  /** Readings of one device over [from, to) (default: the last 24 h), in event time. */
  async function history(id: string, scopePath: string, r: HistoryRequest): Promise<HistoryPage> {
    const d = await store.deviceById(db, id);
    if (!d || !withinScope(d.jurisdictionPath, scopePath)) throw notFound('device', 'DEVICE_NOT_FOUND');
    const type = deviceType(d.type);
    if (r.metric !== undefined && (!type || !metricOf(type, r.metric)))
      throw invalid('query.metric', `${d.type} has no metric ${r.metric}`);
    const to = r.to ?? deps.clock.now() + 1;
    const from = r.from ?? to - DAY;
    if (from >= to) throw invalid('query.from', 'must be before to');
    if (to - from > MAX_HISTORY_RANGE_MS) throw invalid('query.from', 'at most 31 days per request');
    let after: { ts: number; metric: string } | null = null;
    if (r.cursor !== undefined) {
      const m = /^(\d+):(.+)$/.exec(r.cursor);
      if (!m) throw invalid('query.cursor', 'not a cursor from this API');
      after = { ts: Number(m[1]), metric: m[2]! };
    }
    const limit = Math.min(Math.max(r.limit ?? 1000, 1), 10_000);
    const rows = await readingsStore.history(db, { deviceId: id, metric: r.metric ?? null, from, to, after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      deviceId: id,
      from,
      to,
      items: page.map((x) => {
        const spec = type ? metricOf(type, x.metric) : undefined;
        return { ts: x.ts, metric: x.metric, value: decodeValue(spec?.kind ?? 'number', x.value) };
      }),
      nextCursor: rows.length > limit && last ? `${last.ts}:${last.metric}` : null,
    };
  }

  return { list, get, history };
}
