/**
 * What flows from sensing to rules: readings and AI detections, already validated and
 * normalized. Shared vocabulary between `sensing/`, `rules/` and `alerts/`. Pure types.
 */

/** A metric's value: a number (water level, volume, tilt) or a boolean (cover open, door open). */
export type MetricValue = number | boolean;

/** One validated reading of one metric of one device, in event time. */
export interface Reading {
  deviceId: string;
  metric: string;
  /** Event time, UTC epoch ms (when it was measured, not when it arrived). */
  ts: number;
  value: MetricValue;
}

/** What rules need to know about a device to decide whether a rule applies to it. */
export interface DeviceFacts {
  id: string;
  /** Device type code, e.g. `water_meter`, `water_level_gauge`, `manhole_cover`, `camera`. */
  type: string;
  tags: readonly string[];
  /** Materialized path of the jurisdiction the device stands in (see geo). */
  jurisdictionPath: string;
  /** Deepest jurisdiction id containing the device. */
  jurisdictionId: string | null;
  /** WGS-84 [lon, lat]. */
  location: [number, number];
  /** Unit (department or asset owner) that owns the device, if known. */
  ownerUnitId: string | null;
  /** Link to a building or household (e.g. the elderly resident's home), if any. */
  householdRef: string | null;
}

/** AI video detection types (at least those the platform's scenarios use). */
export const DETECTION_TYPES = ['falling_object', 'no_helmet', 'standing_water', 'manhole_anomaly', 'garbage'] as const;
/** One detection type: 高空抛物, 未戴安全帽, 积水, 井盖异常, 暴露垃圾. */
export type DetectionType = (typeof DETECTION_TYPES)[number];

/** One AI detection from a camera, validated and located. */
export interface Detection {
  id: string;
  cameraId: string;
  type: DetectionType;
  /** 0..1 */
  confidence: number;
  /** Event time, UTC epoch ms. */
  ts: number;
  /** For falling objects: where it was thrown from (traced by the camera). */
  building: string | null;
  floor: number | null;
  unit: string | null;
  /** Reference to the snapshot image (URL or storage key). */
  snapshotRef: string | null;
  /** The video clip window around the event, epoch ms. */
  clip: { start: number; end: number } | null;
}

/** Bus subject for a batch of readings of one shard: `readings.<shard>`. */
export function readingsSubject(shard: number): string {
  return `readings.${shard}`;
}

/** A batch of readings as published on `readings.<shard>`. */
export interface ReadingBatch {
  readings: Reading[];
  /** When the batch arrived (ms), for reading-to-alert latency. */
  receivedAt: number;
}

/** A detection as published on `detections`, with the camera's facts. */
export interface DetectionEvent {
  detection: Detection;
  camera: DeviceFacts;
  receivedAt: number;
}
