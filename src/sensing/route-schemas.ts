/**
 * The zod schemas of the sensing routes: they validate requests and generate the OpenAPI
 * document. Reading and detection items are validated by hand (ingest-model.ts), item by item,
 * so their schemas here only describe them.
 */
import { z } from 'zod';
import { DEVICE_TYPE_CODES } from './device-types.ts';
import { DEVICE_ID_PATTERN, MAX_TAGS, TAG_PATTERN } from './device-model.ts';
import { DEVICE_CRS, OFFLINE_AFTER_MAX_S, OFFLINE_AFTER_MIN_S, SECRET_MAX, SECRET_MIN } from './device-input-model.ts';

/** A device id in a path. */
export const DeviceIdParam = z.object({ id: z.string().regex(DEVICE_ID_PATTERN, 'not a device id') });

const Location = z
  .object({
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    crs: z.enum(DEVICE_CRS).default('wgs84').describe('coordinate system of lon/lat; stored as WGS-84'),
  })
  .strict();

const Tags = z.array(z.string().regex(TAG_PATTERN, '1–40 characters without spaces, quotes, | , or ;')).max(MAX_TAGS);
const OfflineAfter = z.number().int().min(OFFLINE_AFTER_MIN_S).max(OFFLINE_AFTER_MAX_S);

/** POST /api/v1/devices */
export const DeviceCreate = z
  .object({
    id: z.string().regex(DEVICE_ID_PATTERN, '3–64 letters, digits, . _ : -, starting with a letter or digit'),
    type: z.enum(DEVICE_TYPE_CODES),
    name: z.string().min(1).max(200).nullable().default(null),
    location: Location,
    ownerUnit: z.string().min(1).max(64).nullable().default(null).describe('directory unit id or code'),
    tags: Tags.default([]),
    householdRef: z.string().min(1).max(200).nullable().default(null).describe('building or household the device serves'),
    offlineAfterS: OfflineAfter.nullable().default(null).describe("overrides the type's offline-after interval"),
    secret: z.string().min(SECRET_MIN).max(SECRET_MAX).optional().describe('preset secret; generated when absent'),
  })
  .strict();

/** PATCH /api/v1/devices/:id (type and id cannot change). */
export const DevicePatchBody = z
  .object({
    name: z.string().min(1).max(200).nullable().optional(),
    location: Location.optional(),
    ownerUnit: z.string().min(1).max(64).nullable().optional(),
    tags: Tags.optional(),
    householdRef: z.string().min(1).max(200).nullable().optional(),
    offlineAfterS: OfflineAfter.nullable().optional(),
  })
  .strict();

/** A device as answered. */
export const DeviceOut = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string().nullable(),
  location: z.tuple([z.number(), z.number()]).describe('WGS-84 [lon, lat]'),
  jurisdictionId: z.string(),
  jurisdictionPath: z.string(),
  ownerUnitId: z.string().nullable(),
  tags: z.array(z.string()),
  householdRef: z.string().nullable(),
  offlineAfterS: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  status: z.enum(['online', 'offline', 'unknown']),
  lastSeen: z.number().nullable().describe('event time of the newest reading'),
});

const Value = z.union([z.number(), z.boolean()]);

/** A device with its newest values. */
export const DeviceDetailOut = DeviceOut.extend({ latest: z.record(z.string(), z.object({ ts: z.number(), value: Value })) });

/** GET /api/v1/devices */
export const DeviceListQuery = z.object({
  type: z.enum(DEVICE_TYPE_CODES).optional(),
  tag: z.string().min(1).max(40).optional(),
  jurisdiction: z.string().min(1).max(64).optional().describe('jurisdiction id or code: its whole subtree'),
  cursor: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** GET /api/v1/devices/:id/readings */
export const HistoryQuery = z.object({
  metric: z.string().min(1).max(64).optional(),
  from: z.string().min(1).max(40).optional().describe('epoch ms or ISO-8601; default: 24 h before `to`'),
  to: z.string().min(1).max(40).optional().describe('epoch ms or ISO-8601, exclusive; default: now'),
  cursor: z.string().min(1).max(120).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

/** A page of history. */
export const HistoryOut = z.object({
  deviceId: z.string(),
  from: z.number(),
  to: z.number(),
  items: z.array(z.object({ ts: z.number(), metric: z.string(), value: Value })),
  nextCursor: z.string().nullable(),
});

/** The per-item report of an ingestion. */
export const IngestResultOut = z.object({
  accepted: z.number().describe('readings (metric values) or detections accepted, duplicates included'),
  duplicates: z.number().optional().describe('of the accepted, how many were already stored'),
  rejected: z.array(z.object({ index: z.number(), reason: z.string(), field: z.string().optional(), message: z.string().optional() })),
});

/** The report of a device import. */
export const ImportReportOut = z.object({
  mode: z.enum(['rows', 'all']),
  created: z.number(),
  accepted: z.array(z.object({ index: z.number(), id: z.string(), secret: z.string().nullable() })),
  rejected: z.array(z.object({ index: z.number(), id: z.string().nullable(), field: z.string(), message: z.string() })),
});

/** Body of POST /api/v1/readings: a JSON array, or NDJSON text (`application/x-ndjson`). */
export const ReadingsBody = z
  .union([z.array(z.unknown()), z.string()])
  .describe(
    'JSON array (or NDJSON lines) of {"deviceId": "wl-…", "ts": <epoch ms or ISO-8601 with zone>, "values": {"water_level_cm": 12.5}}; up to 50,000 items',
  );

/** Body of POST /api/v1/detections: one detection or an array of them. */
export const DetectionsBody = z
  .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .describe(
    '{"cameraId", "type" (falling_object|no_helmet|standing_water|manhole_anomaly|garbage), "confidence" 0..1, "ts", ' +
      '"building"/"floor"/"unit" (falling_object: building and floor required), "snapshotRef", "clip": {"start", "end"}, "id" (optional, makes re-sending harmless)}',
  );
