/**
 * Devices as the platform sees them: identity, type, place, owner, tags and whether they are
 * heard from. Pure types and functions, no I/O.
 */
import type { DeviceFacts, MetricValue } from './reading-model.ts';
import type { DeviceType } from './device-types.ts';

/**
 * A device id: chosen by whoever installs the device, e.g. `wm-310101002-0001`. 3–64 letters,
 * digits, `.`, `_`, `:` or `-`, starting with a letter or digit; it is also the MQTT user name
 * and one level of the topic `cityops/v1/devices/{deviceId}/readings`, so it never holds `/`,
 * `+` or `#`.
 */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{2,63}$/;

/** A tag: 1–40 characters, no spaces or separators used by the CSV import (`|`, `,`, `;`). */
export const TAG_PATTERN = /^[^\s|,;"]{1,40}$/u;

/** At most this many tags per device. */
export const MAX_TAGS = 16;

/** Online: heard from within the type's interval; offline: not; unknown: never heard from, or no interval. */
export type DeviceStatus = 'online' | 'offline' | 'unknown';

/** A registered device as the API shows it. */
export interface Device {
  id: string;
  type: string;
  name: string | null;
  /** WGS-84 [lon, lat]. */
  location: [number, number];
  jurisdictionId: string;
  jurisdictionPath: string;
  ownerUnitId: string | null;
  tags: string[];
  householdRef: string | null;
  /** Overrides the type's offline-after interval, seconds; null: the type's. */
  offlineAfterS: number | null;
  createdAt: number;
  updatedAt: number;
}

/** The newest value of one metric. */
export interface LatestValue {
  ts: number;
  value: MetricValue;
}

/** A device with its liveness and newest values. */
export interface DeviceView extends Device {
  status: DeviceStatus;
  /** Event time of the newest reading of any metric, or null. */
  lastSeen: number | null;
}

/** Whether a string is a valid device id. */
export function isDeviceId(id: string): boolean {
  return DEVICE_ID_PATTERN.test(id);
}

/** Problems with a tag list (empty when fine), each naming the offending index. */
export function tagProblems(tags: readonly string[]): Array<{ index: number | null; message: string }> {
  const out: Array<{ index: number | null; message: string }> = [];
  if (tags.length > MAX_TAGS) out.push({ index: null, message: `at most ${MAX_TAGS} tags` });
  tags.forEach((t, i) => {
    if (!TAG_PATTERN.test(t)) out.push({ index: i, message: '1–40 characters without spaces, quotes, | , or ;' });
  });
  return out;
}

/** Tags without repeats, in first-seen order. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}

/**
 * The interval after which a device counts as offline, seconds: its own override, else its
 * type's; null when neither expects regular readings.
 */
export function offlineAfterOf(type: DeviceType | undefined, overrideS: number | null): number | null {
  return overrideS ?? type?.offlineAfterS ?? null;
}

/**
 * Whether a device is online, from the event time of its newest reading.
 * @example deviceStatus(now - 60_000, 1800, now) // 'online'
 */
export function deviceStatus(lastSeen: number | null, offlineAfterS: number | null, now: number): DeviceStatus {
  if (lastSeen === null || offlineAfterS === null) return 'unknown';
  return now - lastSeen <= offlineAfterS * 1000 ? 'online' : 'offline';
}

/** The facts rules need about a device. */
export function toFacts(d: Device): DeviceFacts {
  return {
    id: d.id,
    type: d.type,
    tags: d.tags,
    jurisdictionPath: d.jurisdictionPath,
    jurisdictionId: d.jurisdictionId,
    location: d.location,
    ownerUnitId: d.ownerUnitId,
    householdRef: d.householdRef,
  };
}

/** Decodes a stored value (0/1 for booleans) by the metric's kind. */
export function decodeValue(kind: 'number' | 'boolean', stored: number): MetricValue {
  return kind === 'boolean' ? stored !== 0 : stored;
}
