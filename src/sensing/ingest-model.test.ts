import { describe, expect, it } from 'vitest';
import { DEVICE_TYPES } from './device-types.ts';
import { MIN_TS, parseNdjson, parseTimestamp, storedValue, validateItem, validateItems, type ValidationContext } from './ingest-model.ts';

const NOW = Date.UTC(2026, 10, 27, 2, 0, 0);
const TYPES: Record<string, keyof typeof DEVICE_TYPES> = { 'wl-1': 'water_level_gauge', 'mh-1': 'manhole_cover', 'cam-1': 'camera' };
const ctx: ValidationContext = {
  typeOf: (id) => (TYPES[id] ? DEVICE_TYPES[TYPES[id]] : undefined),
  now: NOW,
  maxFutureMs: 5 * 60_000,
};

describe('parseTimestamp', () => {
  it.each([
    [NOW, NOW],
    [NOW + 0.7, NOW],
    ['2026-11-27T10:00:00+08:00', NOW],
    ['2026-11-27T10:00:00+0800', NOW],
    ['2026-11-27T02:00:00Z', NOW],
    ['2026-11-27T02:00:00.123Z', NOW + 123],
    ['2026-11-27 02:00:00Z', NOW],
    ['2026-11-27T02:00Z', NOW],
  ])('reads %j', (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });

  it.each([
    ['2026-11-27T10:00:00'],
    ['27/11/2026'],
    ['yesterday'],
    [''],
    [Number.NaN],
    [Infinity],
    [null],
    [true],
    [{}],
    ['2026-13-45T00:00:00Z'],
  ])('refuses %j', (input) => {
    expect(parseTimestamp(input)).toBeNull();
  });
});

describe('validateItem', () => {
  const one = (item: unknown, deviceId: string | null = null) => validateItems([item], deviceId, ctx);

  it('turns each metric of an item into a reading', () => {
    const r = one({ deviceId: 'mh-1', ts: NOW, values: { tilt_deg: 12.5, open: true } });
    expect(r.rejected).toEqual([]);
    expect(r.readings).toEqual([
      { deviceId: 'mh-1', metric: 'tilt_deg', ts: NOW, value: 12.5 },
      { deviceId: 'mh-1', metric: 'open', ts: NOW, value: true },
    ]);
  });

  it('takes the device from the topic for MQTT, refusing a different one in the item', () => {
    expect(one({ ts: NOW, values: { water_level_cm: 1 } }, 'wl-1').readings).toHaveLength(1);
    expect(one({ deviceId: 'wl-1', ts: NOW, values: { water_level_cm: 1 } }, 'wl-1').readings).toHaveLength(1);
    expect(one({ deviceId: 'mh-1', ts: NOW, values: { water_level_cm: 1 } }, 'wl-1').rejected[0]).toMatchObject({
      reason: 'malformed',
      field: '[0].deviceId',
    });
  });

  it.each([
    ['not an object', 42, 'malformed', '[0]'],
    ['an array', [1], 'malformed', '[0]'],
    ['no device id', { ts: NOW, values: { water_level_cm: 1 } }, 'malformed', '[0].deviceId'],
    ['an unknown device', { deviceId: 'nobody', ts: NOW, values: { water_level_cm: 1 } }, 'unknown_device', '[0].deviceId'],
    ['no timestamp', { deviceId: 'wl-1', values: { water_level_cm: 1 } }, 'bad_timestamp', '[0].ts'],
    ['an unparseable timestamp', { deviceId: 'wl-1', ts: 'soon', values: { water_level_cm: 1 } }, 'bad_timestamp', '[0].ts'],
    ['a time without zone', { deviceId: 'wl-1', ts: '2026-11-27T10:00:00', values: { water_level_cm: 1 } }, 'bad_timestamp', '[0].ts'],
    ['epoch seconds', { deviceId: 'wl-1', ts: NOW / 1000, values: { water_level_cm: 1 } }, 'bad_timestamp', '[0].ts'],
    ['a time 6 min ahead', { deviceId: 'wl-1', ts: NOW + 6 * 60_000, values: { water_level_cm: 1 } }, 'future_timestamp', '[0].ts'],
    ['no values', { deviceId: 'wl-1', ts: NOW }, 'malformed', '[0].values'],
    ['empty values', { deviceId: 'wl-1', ts: NOW, values: {} }, 'no_values', '[0].values'],
    ['a metric the type lacks', { deviceId: 'wl-1', ts: NOW, values: { tilt_deg: 1 } }, 'unknown_metric', '[0].values.tilt_deg'],
    ['a string for a number', { deviceId: 'wl-1', ts: NOW, values: { water_level_cm: '12' } }, 'wrong_type', '[0].values.water_level_cm'],
    ['a number for a boolean', { deviceId: 'mh-1', ts: NOW, values: { open: 1 } }, 'wrong_type', '[0].values.open'],
    [
      'an infinite number',
      { deviceId: 'wl-1', ts: NOW, values: { water_level_cm: JSON.parse('1e999') as number } },
      'not_finite',
      '[0].values.water_level_cm',
    ],
    ['a value over the range', { deviceId: 'wl-1', ts: NOW, values: { water_level_cm: 501 } }, 'out_of_range', '[0].values.water_level_cm'],
    ['a value under the range', { deviceId: 'mh-1', ts: NOW, values: { tilt_deg: -1 } }, 'out_of_range', '[0].values.tilt_deg'],
    ['a camera reading', { deviceId: 'cam-1', ts: NOW, values: { x: 1 } }, 'unknown_metric', '[0].values.x'],
  ])('refuses %s, naming the field', (_name, item, reason, field) => {
    const r = one(item);
    expect(r.readings).toEqual([]);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ index: 0, reason, field });
    expect(r.rejected[0]!.message).toBeTruthy();
  });

  it('accepts the range limits and a time exactly at the future limit', () => {
    expect(one({ deviceId: 'wl-1', ts: NOW + 5 * 60_000, values: { water_level_cm: 500 } }).readings).toHaveLength(1);
    expect(one({ deviceId: 'wl-1', ts: MIN_TS, values: { water_level_cm: -20 } }).readings).toHaveLength(1);
  });

  it('keeps the good metrics of an item with a bad one', () => {
    const r = one({ deviceId: 'mh-1', ts: NOW, values: { tilt_deg: 400, open: false } });
    expect(r.readings).toEqual([{ deviceId: 'mh-1', metric: 'open', ts: NOW, value: false }]);
    expect(r.rejected).toEqual([expect.objectContaining({ index: 0, reason: 'out_of_range', field: '[0].values.tilt_deg' })]);
  });

  it('refuses an item with too many values', () => {
    const values = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`m${i}`, 1]));
    const r = validateItems([{ deviceId: 'wl-1', ts: NOW, values }], null, ctx);
    expect(r.rejected.at(-1)).toMatchObject({ reason: 'too_many_values', field: '[0].values' });
  });

  it('does not take inherited keys for metrics', () => {
    const values = Object.create({ water_level_cm: 5 }) as Record<string, unknown>;
    const readings: unknown[] = [];
    const rejected: unknown[] = [];
    validateItem({ deviceId: 'wl-1', ts: NOW, values }, 3, null, ctx, readings as never[], rejected as never[]);
    expect(readings).toEqual([]);
    expect(rejected).toEqual([expect.objectContaining({ index: 3, reason: 'no_values', field: '[3].values' })]);
  });
});

describe('parseNdjson', () => {
  it('numbers items by line, skipping blank lines and reporting bad JSON', () => {
    const r = parseNdjson('{"a":1}\n\n{oops\n  {"b":2}  \n');
    expect(r.items).toEqual([
      { index: 0, item: { a: 1 } },
      { index: 3, item: { b: 2 } },
    ]);
    expect(r.rejected).toEqual([expect.objectContaining({ index: 2, reason: 'malformed', field: '[2]' })]);
  });
});

it('stores booleans as 0/1', () => {
  expect([storedValue(true), storedValue(false), storedValue(2.5)]).toEqual([1, 0, 2.5]);
});
