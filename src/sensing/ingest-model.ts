/**
 * Validating incoming readings, item by item: a bad item (or one bad metric of an item) is
 * refused with a reason and the field at fault, the valid rest goes on. Written by hand rather
 * than with a schema library because it runs for every reading (hundreds of thousands a
 * second) and must report per item, not fail the batch. Pure: no I/O.
 */
import type { Reading } from './reading-model.ts';
import { metricOf, type DeviceType } from './device-types.ts';

/** Why a reading was refused; stable codes, counted per device in the ingest statistics. */
export const REJECTION_REASONS = {
  malformed: 'not a reading: expected {"ts": …, "values": {…}} (HTTP also "deviceId")',
  unknown_device: 'no such device (or not one you may send for)',
  unknown_metric: 'the device type has no such metric',
  wrong_type: 'wrong value type for the metric',
  not_finite: 'not a finite number',
  out_of_range: 'outside the physical range of the metric',
  bad_timestamp: 'timestamp is neither epoch milliseconds nor ISO-8601 with a time zone, or before 2000',
  future_timestamp: 'timestamp too far in the future',
  no_values: 'no values',
  too_many_values: 'too many values in one item',
} as const;

/** A rejection reason code. */
export type RejectionReason = keyof typeof REJECTION_REASONS;

/** One refused item (or metric of an item), by its index in the payload. */
export interface Rejection {
  index: number;
  /** A stable code (see REJECTION_REASONS). */
  reason: string;
  /** The field at fault, e.g. `[3].values.water_level_cm`. */
  field?: string;
  /** A human explanation. */
  message?: string;
}

/** The outcome of one payload or request. */
export interface IngestResult {
  /** Readings (one metric value each) accepted and stored, duplicates included. */
  accepted: number;
  rejected: Rejection[];
  /** Of the accepted readings, how many were already stored (same device, metric, ts). */
  duplicates?: number;
}

/** Earliest event time accepted: 2000-01-01 (catches epoch seconds sent as milliseconds). */
export const MIN_TS = Date.UTC(2000, 0, 1);
/** Most metric values in one item. */
export const MAX_VALUES_PER_ITEM = 64;

// ISO-8601 date-time with a zone; without one `Date.parse` would read local time.
const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** What validation needs to know. */
export interface ValidationContext {
  /** The type of a device the caller may send for, else undefined. */
  typeOf(deviceId: string): DeviceType | undefined;
  /** When the payload arrived (ms); the future limit counts from here. */
  now: number;
  /** How far ahead of `now` an event time may be. */
  maxFutureMs: number;
}

/**
 * Parses a timestamp: epoch milliseconds (fractions dropped) or an ISO-8601 date-time with a
 * zone. Returns the epoch ms, or null when it is neither.
 * @example parseTimestamp('2026-11-27T10:00:00+08:00') // 1795744800000
 */
export function parseTimestamp(ts: unknown): number | null {
  if (typeof ts === 'number') return Number.isFinite(ts) ? Math.trunc(ts) : null;
  if (typeof ts !== 'string' || !ISO.test(ts)) return null;
  const ms = Date.parse(ts.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : ms;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Records a rejection of item `index`; `path` follows the item's index in the field name. */
function reject(out: Rejection[], index: number, reason: RejectionReason, path: string, detail?: string): void {
  const field = `[${index}]${path}`;
  out.push({ index, reason, field, message: detail ? `${REJECTION_REASONS[reason]} (${detail})` : REJECTION_REASONS[reason] });
}

/**
 * Validates one item and appends its valid readings to `readings`, its problems to `rejected`.
 * `deviceId` is the device the item is for: from the MQTT topic, or null to read the item's own
 * `deviceId` (HTTP).
 *
 * @example
 * validateItem({ ts: 1795744800000, values: { water_level_cm: 12.5 } }, 0, 'wl-1', ctx, readings, rejected);
 */
export function validateItem(
  item: unknown,
  index: number,
  deviceId: string | null,
  ctx: ValidationContext,
  readings: Reading[],
  rejected: Rejection[],
): void {
  // Field names are built only for rejections: this runs for every reading.
  if (!isRecord(item)) return reject(rejected, index, 'malformed', '');
  let id = deviceId;
  if (id === null) {
    if (typeof item.deviceId !== 'string') return reject(rejected, index, 'malformed', '.deviceId', 'deviceId must be a string');
    id = item.deviceId;
  } else if (item.deviceId !== undefined && item.deviceId !== id) {
    return reject(rejected, index, 'malformed', '.deviceId', 'differs from the device of the topic');
  }
  const type = ctx.typeOf(id);
  if (!type) return reject(rejected, index, 'unknown_device', '.deviceId', id.slice(0, 64));
  const ts = parseTimestamp(item.ts);
  if (ts === null || ts < MIN_TS) return reject(rejected, index, 'bad_timestamp', '.ts');
  if (ts > ctx.now + ctx.maxFutureMs)
    return reject(rejected, index, 'future_timestamp', '.ts', `more than ${Math.round(ctx.maxFutureMs / 1000)} s ahead`);
  const values = item.values;
  if (!isRecord(values)) return reject(rejected, index, 'malformed', '.values', 'values must be an object');
  let count = 0;
  for (const metric in values) {
    if (!Object.prototype.hasOwnProperty.call(values, metric)) continue;
    if (++count > MAX_VALUES_PER_ITEM) return reject(rejected, index, 'too_many_values', '.values', `at most ${MAX_VALUES_PER_ITEM}`);
    const spec = metricOf(type, metric);
    const value = values[metric];
    if (!spec) {
      reject(
        rejected,
        index,
        'unknown_metric',
        `.values.${metric}`,
        `${type.code} has ${Object.keys(type.metrics).join(', ') || 'no metrics'}`,
      );
    } else if (spec.kind === 'boolean') {
      if (typeof value === 'boolean') readings.push({ deviceId: id, metric, ts, value });
      else reject(rejected, index, 'wrong_type', `.values.${metric}`, 'expected true or false');
    } else if (typeof value !== 'number') {
      reject(rejected, index, 'wrong_type', `.values.${metric}`, 'expected a number');
    } else if (!Number.isFinite(value)) {
      reject(rejected, index, 'not_finite', `.values.${metric}`);
    } else if (value < spec.min || value > spec.max) {
      reject(rejected, index, 'out_of_range', `.values.${metric}`, `${spec.min}–${spec.max} ${spec.unit}`);
    } else {
      readings.push({ deviceId: id, metric, ts, value });
    }
  }
  if (count === 0) reject(rejected, index, 'no_values', '.values');
}

/**
 * Validates a list of items (an HTTP batch, or an MQTT payload's array).
 * @example const { readings, rejected } = validateItems(body, null, ctx);
 */
export function validateItems(
  items: readonly unknown[],
  deviceId: string | null,
  ctx: ValidationContext,
): { readings: Reading[]; rejected: Rejection[] } {
  const readings: Reading[] = [];
  const rejected: Rejection[] = [];
  for (let i = 0; i < items.length; i++) validateItem(items[i], i, deviceId, ctx, readings, rejected);
  return { readings, rejected };
}

/**
 * Parses NDJSON (one JSON value a line) into items; a line that is not JSON becomes a
 * `malformed` rejection at its index. Blank lines are skipped but keep their number, so an
 * index is the line number counted from 0.
 */
export function parseNdjson(text: string): { items: Array<{ index: number; item: unknown }>; rejected: Rejection[] } {
  const items: Array<{ index: number; item: unknown }> = [];
  const rejected: Rejection[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      items.push({ index: i, item: JSON.parse(line) as unknown });
    } catch {
      reject(rejected, i, 'malformed', '', 'not valid JSON');
    }
  }
  return { items, rejected };
}

/** The value as stored: numbers as they are, booleans as 0/1. */
export function storedValue(value: number | boolean): number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}
