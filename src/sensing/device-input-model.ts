/**
 * Checking a device as given by a person or a file (the API body, one row of an import) before
 * it is located and stored: each problem names its field. Pure: no I/O; locating the device
 * and resolving its owner unit are the service's business.
 */
import type { FieldProblem } from '../platform/errors.ts';
import { isDeviceType, DEVICE_TYPE_CODES } from './device-types.ts';
import { DEVICE_ID_PATTERN, normalizeTags, tagProblems } from './device-model.ts';

/** Coordinate systems a device location may be given in. */
export const DEVICE_CRS = ['wgs84', 'gcj02', 'bd09'] as const;

/** A device as given, shape-checked. */
export interface DeviceInput {
  id: string;
  type: string;
  name: string | null;
  /** As given, in `crs`. */
  lon: number;
  lat: number;
  crs: (typeof DEVICE_CRS)[number];
  /** A directory unit id or code. */
  ownerUnit: string | null;
  tags: string[];
  householdRef: string | null;
  offlineAfterS: number | null;
  /** A secret chosen by the installer (e.g. flashed at the factory); generated when absent. */
  secret: string | null;
}

/** Offline-after bounds, seconds: one minute to thirty days. */
export const OFFLINE_AFTER_MIN_S = 60;
export const OFFLINE_AFTER_MAX_S = 30 * 24 * 3600;
/** Secret length bounds. */
export const SECRET_MIN = 16;
export const SECRET_MAX = 128;

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return null;
}

function tagList(v: unknown): string[] | null {
  if (v === undefined || v === null || v === '') return [];
  if (typeof v === 'string')
    return v
      .split(/[|;]/)
      .map((t) => t.trim())
      .filter(Boolean);
  if (Array.isArray(v) && v.every((t) => typeof t === 'string')) return v.map((t) => t.trim()).filter(Boolean);
  return null;
}

/**
 * Checks one device input: a plain object with `id`, `type`, `lon`, `lat` and optionally
 * `crs`, `name`, `ownerUnit`, `tags` (array, or a string separated by `|` or `;`),
 * `householdRef`, `offlineAfterS`, `secret`. Numbers may be strings (CSV). Problems are named
 * `${prefix}field`, e.g. `[3].lon`.
 *
 * @example checkDeviceInput({ id: 'wl-1', type: 'water_level_gauge', lon: 121.48, lat: 31.23 }, '')
 */
export function checkDeviceInput(raw: unknown, prefix = ''): { input: DeviceInput | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field: `${prefix}${field}`, message });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { input: null, problems: [{ field: prefix || 'device', message: 'expected an object' }] };
  }
  const o = raw as Record<string, unknown>;
  const id = text(o.id);
  if (id === null || !DEVICE_ID_PATTERN.test(id)) bad('id', '3–64 letters, digits, . _ : -, starting with a letter or digit');
  const type = text(o.type);
  if (type === null || !isDeviceType(type)) bad('type', `one of ${DEVICE_TYPE_CODES.join(', ')}`);
  const lon = num(o.lon);
  if (lon === null || !Number.isFinite(lon) || lon < -180 || lon > 180) bad('lon', 'a longitude −180…180');
  const lat = num(o.lat);
  if (lat === null || !Number.isFinite(lat) || lat < -90 || lat > 90) bad('lat', 'a latitude −90…90');
  const crs = text(o.crs) ?? 'wgs84';
  if (!(DEVICE_CRS as readonly string[]).includes(crs)) bad('crs', `one of ${DEVICE_CRS.join(', ')}`);
  const name = text(o.name);
  if (name !== null && name.length > 200) bad('name', 'at most 200 characters');
  const ownerUnit = text(o.ownerUnit);
  if (ownerUnit !== null && ownerUnit.length > 64) bad('ownerUnit', 'a unit id or code');
  const tags = tagList(o.tags);
  if (tags === null) bad('tags', 'a list of tags, or tags separated by | or ;');
  else for (const p of tagProblems(tags)) bad(p.index === null ? 'tags' : `tags[${p.index}]`, p.message);
  const householdRef = text(o.householdRef);
  if (householdRef !== null && householdRef.length > 200) bad('householdRef', 'at most 200 characters');
  const offline = o.offlineAfterS === '' ? null : num(o.offlineAfterS);
  if (offline !== null && (!Number.isInteger(offline) || offline < OFFLINE_AFTER_MIN_S || offline > OFFLINE_AFTER_MAX_S))
    bad('offlineAfterS', `whole seconds ${OFFLINE_AFTER_MIN_S}–${OFFLINE_AFTER_MAX_S}`);
  const secret = typeof o.secret === 'string' && o.secret !== '' ? o.secret : null;
  if (secret !== null && (secret.length < SECRET_MIN || secret.length > SECRET_MAX))
    bad('secret', `${SECRET_MIN}–${SECRET_MAX} characters`);
  if (problems.length > 0) return { input: null, problems };
  return {
    input: {
      id: id!,
      type: type!,
      name,
      lon: lon!,
      lat: lat!,
      crs: crs as DeviceInput['crs'],
      ownerUnit,
      tags: normalizeTags(tags!),
      householdRef,
      offlineAfterS: offline,
      secret,
    },
    problems,
  };
}
