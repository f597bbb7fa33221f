/**
 * Access fixtures for the sensing routes, in the shape of test/access/route-access.test.ts
 * (which proves every route refuses strangers, wrong roles and other jurisdictions): once
 * compose.ts registers the sensing routes, merge these into its FIXTURES and call
 * `seedSensingAccess` in its beforeAll. Resources live in 黄浦区 (310101); the "other" caller
 * is scoped at 浦东新区 (310115).
 *
 * Two routes act on many devices at once and filter them item by item instead of declaring a
 * scope (`POST /api/v1/readings`, `POST /api/v1/detections`): from another jurisdiction they
 * take nothing — a 422 problem carrying the report with every item refused as `unknown_device`,
 * so `unscopedStatus` says 422.
 */
import { expect } from 'vitest';
import type { SensingService } from '../../src/sensing/service.ts';
import { PLACES, T0 } from './support.ts';

/** What a fixture may use. */
export interface SensingCtx {
  /** Jurisdiction id by code. */
  id(code: string): string;
}

/** A fixture (compatible with route-access.test.ts, plus `unscopedStatus`). */
export interface SensingFixture {
  request(ctx: SensingCtx): { url: string; payload?: unknown };
  unscoped?: 'self' | ((res: { statusCode: number; json(): unknown }) => void);
  /** Status an out-of-scope caller gets from an unscoped route (default 200). */
  unscopedStatus?: number;
}

/** A gauge in 南京东路街道 used by the per-device routes. */
export const ACCESS_DEVICE = 'acc-wl-310101002-0001';
/** A gauge the DELETE fixture removes. */
export const ACCESS_DEVICE_TO_DELETE = 'acc-wl-310101002-0002';
/** A camera for the detections fixture. */
export const ACCESS_CAMERA = 'acc-cam-310101002-0001';

let n = 0;

function allRefusedAsUnknown(res: { statusCode: number; json(): unknown }): void {
  const body = res.json() as { accepted: number; rejected: Array<{ reason: string }> };
  expect(body.accepted).toBe(0);
  expect(body.rejected.length).toBeGreaterThan(0);
  for (const r of body.rejected) expect(r.reason).toBe('unknown_device');
}

/** Creates the devices the fixtures act on. */
export async function seedSensingAccess(sensing: SensingService): Promise<void> {
  const at = { lon: PLACES.nanjingEast.lon, lat: PLACES.nanjingEast.lat };
  await sensing.createDevice({ id: ACCESS_DEVICE, type: 'water_level_gauge', ...at }, '/');
  await sensing.createDevice({ id: ACCESS_DEVICE_TO_DELETE, type: 'water_level_gauge', ...at }, '/');
  await sensing.createDevice({ id: ACCESS_CAMERA, type: 'camera', ...at }, '/');
}

/** The fixtures by `METHOD url`. */
export const SENSING_ACCESS_FIXTURES: Record<string, SensingFixture> = {
  'POST /api/v1/devices': {
    request: () => ({ url: '/api/v1/devices', payload: { id: `acc-new-${++n}`, type: 'door_sensor', location: PLACES.nanjingEast } }),
  },
  'GET /api/v1/devices': { request: (c) => ({ url: `/api/v1/devices?jurisdiction=${c.id('310101')}` }) },
  'GET /api/v1/devices/:id': { request: () => ({ url: `/api/v1/devices/${ACCESS_DEVICE}` }) },
  'PATCH /api/v1/devices/:id': { request: () => ({ url: `/api/v1/devices/${ACCESS_DEVICE}`, payload: { name: `gauge ${++n}` } }) },
  'DELETE /api/v1/devices/:id': { request: () => ({ url: `/api/v1/devices/${ACCESS_DEVICE_TO_DELETE}` }) },
  'POST /api/v1/devices/:id/secret': { request: () => ({ url: `/api/v1/devices/${ACCESS_DEVICE}/secret` }) },
  'GET /api/v1/devices/:id/readings': { request: () => ({ url: `/api/v1/devices/${ACCESS_DEVICE}/readings` }) },
  'POST /api/v1/devices/import': {
    request: (c) => ({
      url: `/api/v1/devices/import?jurisdiction=${c.id('310101')}`,
      payload: [{ id: `acc-imp-${++n}`, type: 'smoke_detector', lon: PLACES.nanjingEast.lon, lat: PLACES.nanjingEast.lat }],
    }),
  },
  'POST /api/v1/readings': {
    request: () => ({
      url: '/api/v1/readings',
      payload: [{ deviceId: ACCESS_DEVICE, ts: T0 - ++n * 1000, values: { water_level_cm: 1 } }],
    }),
    unscoped: allRefusedAsUnknown,
    unscopedStatus: 422,
  },
  'POST /api/v1/detections': {
    request: () => ({
      url: '/api/v1/detections',
      payload: { cameraId: ACCESS_CAMERA, type: 'garbage', confidence: 0.8, ts: T0 - ++n * 1000 },
    }),
    unscoped: allRefusedAsUnknown,
    unscopedStatus: 422,
  },
  'GET /api/v1/ingest/stats': {
    request: () => ({ url: '/api/v1/ingest/stats' }),
    // Counters are per process; the per-device list holds only the caller's devices.
    unscoped: (res) => {
      const body = res.json() as { devices: Array<{ deviceId: string }> };
      for (const d of body.devices) expect(d.deviceId.startsWith('acc-')).toBe(false);
    },
  },
  'GET /api/v1/device-types': { request: () => ({ url: '/api/v1/device-types' }), unscoped: 'self' },
};
