/** The sensing tables as Kysely sees them (see migration 0002 for the DDL). */

/** A registered device. Its secret is stored only as a SHA-256 hash. */
export interface DeviceTable {
  /** Caller-chosen id, e.g. `wm-310101002-0001`; also the MQTT username. */
  id: string;
  /** Device type code (see sensing/device-types.ts). */
  type: string;
  name: string | null;
  /** WGS-84. */
  lon: number;
  lat: number;
  /** Deepest jurisdiction containing the device. */
  jurisdiction_id: string;
  /** Materialized path of that jurisdiction, for scope filters. */
  jurisdiction_path: string;
  owner_unit_id: string | null;
  /** JSON array of tags (the `device_tags` table indexes them). */
  tags: string;
  household_ref: string | null;
  /** Overrides the type's offline-after interval, seconds. */
  offline_after_s: number | null;
  secret_hash: string;
  created_at: number;
  updated_at: number;
}

/** One tag of one device, for filtering by tag. */
export interface DeviceTagTable {
  tag: string;
  device_id: string;
}

/**
 * One reading: clustered on (ts, device_id, metric), so appends in event time touch the end of
 * one B-tree and a repeated (device, metric, ts) is stored once. Booleans are stored as 0/1.
 */
export interface ReadingTable {
  ts: number;
  device_id: string;
  metric: string;
  value: number;
}

/** The newest reading per (device, metric), by event time, for screens and online status. */
export interface LatestReadingTable {
  device_id: string;
  metric: string;
  ts: number;
  value: number;
}

/** One AI detection from a camera. */
export interface DetectionTable {
  id: string;
  camera_id: string;
  type: string;
  confidence: number;
  ts: number;
  building: string | null;
  floor: number | null;
  unit: string | null;
  snapshot_ref: string | null;
  clip_start: number | null;
  clip_end: number | null;
  jurisdiction_path: string;
  received_at: number;
}

/** Every sensing table. */
export interface SensingTables {
  devices: DeviceTable;
  device_tags: DeviceTagTable;
  readings: ReadingTable;
  latest_readings: LatestReadingTable;
  detections: DetectionTable;
}
