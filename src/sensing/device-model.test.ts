import { describe, expect, it } from 'vitest';
import { deviceStatus, isDeviceId, offlineAfterOf } from './device-model.ts';
import { DEVICE_TYPES, DEVICE_TYPE_CODES, metricOf } from './device-types.ts';

describe('device types', () => {
  it('have the metrics the scenarios need, with units and sane ranges', () => {
    expect(metricOf(DEVICE_TYPES.water_meter, 'volume_m3')).toMatchObject({ kind: 'number', unit: 'm³' });
    expect(metricOf(DEVICE_TYPES.water_level_gauge, 'water_level_cm')).toMatchObject({ kind: 'number', unit: 'cm' });
    expect(metricOf(DEVICE_TYPES.manhole_cover, 'open')).toMatchObject({ kind: 'boolean' });
    expect(metricOf(DEVICE_TYPES.door_sensor, 'open')).toMatchObject({ kind: 'boolean' });
    expect(metricOf(DEVICE_TYPES.gas_detector, 'gas_lel_pct')).toMatchObject({ unit: '%LEL' });
    expect(DEVICE_TYPES.camera.metrics).toEqual({});
    expect(metricOf(DEVICE_TYPES.water_meter, 'toString')).toBeUndefined();
    for (const code of DEVICE_TYPE_CODES) {
      const t = DEVICE_TYPES[code];
      expect(t.zh && t.en).toBeTruthy();
      for (const m of Object.values(t.metrics) as Array<{ kind: string; min?: number; max?: number }>) {
        if (m.kind === 'number') expect(m.min!).toBeLessThan(m.max!);
      }
    }
  });
});

describe('device status', () => {
  const now = Date.UTC(2026, 10, 27, 2);
  it('is online within the interval, offline after, unknown without readings or interval', () => {
    expect(deviceStatus(now - 1_800_000, 1800, now)).toBe('online');
    expect(deviceStatus(now - 1_800_001, 1800, now)).toBe('offline');
    expect(deviceStatus(null, 1800, now)).toBe('unknown');
    expect(deviceStatus(now, null, now)).toBe('unknown');
  });

  it('takes the device override before the type interval', () => {
    expect(offlineAfterOf(DEVICE_TYPES.water_level_gauge, null)).toBe(1800);
    expect(offlineAfterOf(DEVICE_TYPES.water_level_gauge, 120)).toBe(120);
    expect(offlineAfterOf(DEVICE_TYPES.camera, null)).toBeNull();
  });

  it('knows a device id when it sees one', () => {
    expect(isDeviceId('wm-310101002-0001')).toBe(true);
    expect(isDeviceId('WL-0042')).toBe(true);
    expect(isDeviceId('a/b')).toBe(false);
    expect(isDeviceId('wm-#')).toBe(false);
  });
});
