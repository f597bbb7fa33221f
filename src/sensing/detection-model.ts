/**
 * Validating AI detections from cameras, item by item like readings: the camera must be a
 * registered camera, the type one the platform knows, confidence within 0..1, falling objects
 * must say where from (building and floor), a clip window must be a window. Pure: no I/O.
 */
import { DETECTION_TYPES, type Detection, type DetectionType } from './reading-model.ts';
import { MIN_TS, parseTimestamp, type Rejection, type ValidationContext } from './ingest-model.ts';

/** What detection validation needs: the camera's type code, if the caller may send for it. */
export interface DetectionContext extends Omit<ValidationContext, 'typeOf'> {
  /** The device type code of a device the caller may send for, else undefined. */
  typeCodeOf(deviceId: string): string | undefined;
  /** The id for a detection that brings none. */
  newId(): string;
}

/** Longest clip window accepted, ms. */
export const MAX_CLIP_MS = 30 * 60_000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optText(v: unknown, max: number): string | null | undefined {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;
}

/**
 * Validates one detection; returns it, or pushes a rejection (naming the field) and returns
 * null. An `id` the camera sends makes re-sending harmless (stored and passed on once).
 *
 * @example
 * validateDetection({ cameraId: 'cam-1', type: 'falling_object', confidence: 0.93, ts, building: '3号楼', floor: 12 }, 0, ctx, rejected)
 */
export function validateDetection(raw: unknown, index: number, ctx: DetectionContext, rejected: Rejection[]): Detection | null {
  const at = `[${index}]`;
  const no = (reason: string, field: string, message: string): null => {
    rejected.push({ index, reason, field, message });
    return null;
  };
  if (!isRecord(raw)) return no('malformed', at, 'expected a detection object');
  const cameraId = raw.cameraId;
  if (typeof cameraId !== 'string') return no('malformed', `${at}.cameraId`, 'cameraId must be a string');
  const typeCode = ctx.typeCodeOf(cameraId);
  if (typeCode === undefined) return no('unknown_device', `${at}.cameraId`, 'no such device (or not one you may send for)');
  if (typeCode !== 'camera') return no('not_a_camera', `${at}.cameraId`, `device is a ${typeCode}, not a camera`);
  const type = raw.type;
  if (typeof type !== 'string' || !(DETECTION_TYPES as readonly string[]).includes(type))
    return no('unknown_detection_type', `${at}.type`, `one of ${DETECTION_TYPES.join(', ')}`);
  const confidence = raw.confidence;
  if (typeof confidence !== 'number' || !Number.isFinite(confidence) || confidence < 0 || confidence > 1)
    return no('out_of_range', `${at}.confidence`, 'a number 0..1');
  const ts = parseTimestamp(raw.ts);
  if (ts === null || ts < MIN_TS) return no('bad_timestamp', `${at}.ts`, 'epoch ms or ISO-8601 with a time zone, after 2000');
  if (ts > ctx.now + ctx.maxFutureMs) return no('future_timestamp', `${at}.ts`, 'too far in the future');
  const id = raw.id === undefined ? ctx.newId() : optText(raw.id, 64);
  if (!id) return no('malformed', `${at}.id`, '1–64 characters');
  const building = optText(raw.building, 64);
  if (building === undefined) return no('malformed', `${at}.building`, '1–64 characters');
  const unit = optText(raw.unit, 32);
  if (unit === undefined) return no('malformed', `${at}.unit`, '1–32 characters');
  const floor = raw.floor ?? null;
  if (floor !== null && (typeof floor !== 'number' || !Number.isInteger(floor) || floor < -10 || floor > 200))
    return no('out_of_range', `${at}.floor`, 'a whole floor number −10..200');
  if (type === 'falling_object') {
    if (building === null) return no('missing_field', `${at}.building`, 'a falling object needs the building it came from');
    if (floor === null) return no('missing_field', `${at}.floor`, 'a falling object needs the floor it came from');
  }
  const snapshotRef = optText(raw.snapshotRef, 500);
  if (snapshotRef === undefined) return no('malformed', `${at}.snapshotRef`, '1–500 characters');
  let clip: Detection['clip'] = null;
  if (raw.clip !== undefined && raw.clip !== null) {
    if (!isRecord(raw.clip)) return no('malformed', `${at}.clip`, 'expected {start, end}');
    const start = parseTimestamp(raw.clip.start);
    const end = parseTimestamp(raw.clip.end);
    if (start === null) return no('bad_timestamp', `${at}.clip.start`, 'epoch ms or ISO-8601 with a time zone');
    if (end === null) return no('bad_timestamp', `${at}.clip.end`, 'epoch ms or ISO-8601 with a time zone');
    if (end < start || end - start > MAX_CLIP_MS)
      return no('bad_clip', `${at}.clip.end`, `after start, at most ${MAX_CLIP_MS / 60_000} min`);
    if (ts < start - MAX_CLIP_MS || ts > end + MAX_CLIP_MS) return no('bad_clip', `${at}.clip`, 'the clip must be near the detection time');
    clip = { start, end };
  }
  return { id, cameraId, type: type as DetectionType, confidence, ts, building, floor, unit, snapshotRef, clip };
}
