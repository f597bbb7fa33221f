/**
 * Devices from the compact column answer (`format=columns`: ~40 bytes a device) to map points,
 * and what changed between two answers. 100,000 devices are drawn once; later answers with the
 * same devices only change the ones whose status moved (feature state, no re-tiling). Pure.
 */
import type { DeviceColumns, PointFeature } from '../types.ts';

/** What a device point carries. */
export interface DeviceProps {
  id: string;
  type: string;
  status: 'unknown' | 'online' | 'offline';
}

/** Points of every device in the answer. */
export function deviceFeatures(c: DeviceColumns): PointFeature<DeviceProps>[] {
  const out = new Array<PointFeature<DeviceProps>>(c.id.length);
  for (let i = 0; i < c.id.length; i++) {
    out[i] = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [c.lon[i]!, c.lat[i]!] },
      properties: { id: c.id[i]!, type: c.types[c.type[i]!] ?? '', status: c.statuses[c.status[i]!] ?? 'unknown' },
    };
  }
  return out;
}

/** A device whose status changed. */
export interface StatusChange {
  id: string;
  status: DeviceProps['status'];
}

/**
 * Devices whose status differs from `before` (same devices, same order), given as status names.
 * @example statusChanges(['online', 'online'], next) // [{ id: 'd2', status: 'offline' }]
 */
export function statusChanges(before: readonly string[], c: DeviceColumns): StatusChange[] {
  const out: StatusChange[] = [];
  for (let i = 0; i < c.id.length; i++) {
    const now = c.statuses[c.status[i]!] ?? 'unknown';
    if (before[i] !== now) out.push({ id: c.id[i]!, status: now });
  }
  return out;
}

/** Status names per device, in answer order. */
export function statusNames(c: DeviceColumns): string[] {
  return c.status.map((s) => c.statuses[s] ?? 'unknown');
}
