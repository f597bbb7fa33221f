/**
 * Device types as data: what each kind of device measures, in which unit, within which
 * physical range (a value outside it is a broken sensor or a bad payload, and is refused), and
 * after how long without a reading it counts as offline. Pure data, no I/O.
 */
import type { DetectionType } from './reading-model.ts';

/** A numeric metric: unit and the physically possible range, inclusive. */
export interface NumberMetric {
  kind: 'number';
  unit: string;
  zh: string;
  en: string;
  min: number;
  max: number;
}

/** A boolean metric (cover open, door open, smoke present). */
export interface BooleanMetric {
  kind: 'boolean';
  zh: string;
  en: string;
}

/** One metric of a device type. */
export type MetricSpec = NumberMetric | BooleanMetric;

/** A device type. */
export interface DeviceType {
  code: string;
  zh: string;
  en: string;
  /** Metrics by name, e.g. `water_level_cm`. Empty for devices that only send detections. */
  metrics: Readonly<Record<string, MetricSpec>>;
  /** Seconds without a reading after which a device counts as offline; null: no heartbeat expected. */
  offlineAfterS: number | null;
  /** Detection types the device may send (AI cameras). */
  detections: readonly DetectionType[];
}

const battery: NumberMetric = { kind: 'number', unit: '%', zh: '电量', en: 'Battery', min: 0, max: 100 };
const HOUR = 3600;

/** Every device type by code. */
export const DEVICE_TYPES = {
  water_meter: {
    code: 'water_meter',
    zh: '智能水表',
    en: 'Smart water meter',
    // Consumption since the previous report (not the register), so sums over a window mean use.
    metrics: {
      volume_m3: { kind: 'number', unit: 'm³', zh: '用水量', en: 'Volume used', min: 0, max: 100 },
      battery_pct: battery,
    },
    offlineAfterS: 24 * HOUR,
    detections: [],
  },
  water_level_gauge: {
    code: 'water_level_gauge',
    zh: '积水监测仪',
    en: 'Standing-water gauge',
    metrics: {
      water_level_cm: { kind: 'number', unit: 'cm', zh: '积水深度', en: 'Water level', min: -20, max: 500 },
      battery_pct: battery,
    },
    offlineAfterS: HOUR / 2,
    detections: [],
  },
  manhole_cover: {
    code: 'manhole_cover',
    zh: '智能井盖',
    en: 'Manhole cover sensor',
    metrics: {
      tilt_deg: { kind: 'number', unit: '°', zh: '倾角', en: 'Tilt', min: 0, max: 180 },
      open: { kind: 'boolean', zh: '开启', en: 'Open' },
      battery_pct: battery,
    },
    offlineAfterS: 24 * HOUR,
    detections: [],
  },
  smoke_detector: {
    code: 'smoke_detector',
    zh: '烟感报警器',
    en: 'Smoke detector',
    metrics: {
      smoke: { kind: 'boolean', zh: '烟雾报警', en: 'Smoke' },
      obscuration_pct: { kind: 'number', unit: '%/m', zh: '减光率', en: 'Obscuration', min: 0, max: 100 },
      battery_pct: battery,
    },
    offlineAfterS: 24 * HOUR,
    detections: [],
  },
  gas_detector: {
    code: 'gas_detector',
    zh: '燃气报警器',
    en: 'Gas detector',
    metrics: {
      gas_lel_pct: { kind: 'number', unit: '%LEL', zh: '燃气浓度', en: 'Gas concentration', min: 0, max: 100 },
    },
    offlineAfterS: HOUR,
    detections: [],
  },
  door_sensor: {
    code: 'door_sensor',
    zh: '门磁',
    en: 'Door sensor',
    metrics: {
      open: { kind: 'boolean', zh: '门开启', en: 'Door open' },
      battery_pct: battery,
    },
    offlineAfterS: 24 * HOUR,
    detections: [],
  },
  camera: {
    code: 'camera',
    zh: 'AI摄像头',
    en: 'AI camera',
    metrics: {},
    offlineAfterS: null,
    detections: ['falling_object', 'no_helmet', 'standing_water', 'manhole_anomaly', 'garbage'],
  },
} as const satisfies Record<string, DeviceType>;

/** A device type code. */
export type DeviceTypeCode = keyof typeof DEVICE_TYPES;

/** All type codes, in display order. */
export const DEVICE_TYPE_CODES = Object.keys(DEVICE_TYPES) as DeviceTypeCode[];

/** Whether a string names a device type (own property, so `toString` is not one). */
export function isDeviceType(code: string): code is DeviceTypeCode {
  return Object.prototype.hasOwnProperty.call(DEVICE_TYPES, code);
}

/**
 * The type for a code, or undefined.
 * @example deviceType('water_level_gauge')?.metrics.water_level_cm // { kind: 'number', unit: 'cm', … }
 */
export function deviceType(code: string): DeviceType | undefined {
  return isDeviceType(code) ? DEVICE_TYPES[code] : undefined;
}

/** The spec of a metric of a type, or undefined when the type does not have it. */
export function metricOf(type: DeviceType, metric: string): MetricSpec | undefined {
  return Object.prototype.hasOwnProperty.call(type.metrics, metric) ? type.metrics[metric] : undefined;
}
