import { describe, expect, it } from 'vitest';
import { boxContains, devicePointsIn, grownBox, keptDevices, statusCodes } from './device-model.ts';
import type { DeviceColumns } from '../types.ts';

const cols = (status: number[]): DeviceColumns => ({
  asOf: 0,
  count: status.length,
  types: ['camera', 'water_level_gauge'],
  statuses: ['unknown', 'online', 'offline'],
  lon: status.map((_, i) => 121 + i / 100),
  lat: status.map(() => 31),
  type: status.map((_, i) => i % 2),
  status,
});

describe('device points', () => {
  it('keeps the devices of a scenario’s types, all without one', () => {
    const c = cols([1, 1, 1, 1]);
    expect([...keptDevices(c, null)]).toEqual([0, 1, 2, 3]);
    expect([...keptDevices(c, 'water')]).toEqual([1, 3]);
    expect([...keptDevices(c, 'construction')]).toEqual([0, 2]);
    expect([...keptDevices(c, 'manhole')]).toEqual([]);
  });

  it('codes statuses by name, whatever order the answer lists them in', () => {
    const c = { ...cols([0, 1, 2]), statuses: ['offline', 'unknown', 'online'] as DeviceColumns['statuses'] };
    const codes = statusCodes(c);
    expect([...codes]).toEqual([2, 0, 1]);
  });

  it('takes the kept devices inside a box, each with its index as id and its status code', () => {
    const c = cols([1, 2, 0, 1]);
    const points = devicePointsIn(c, statusCodes(c), keptDevices(c, null), [121.005, 30, 121.025, 32]);
    expect(points).toEqual([
      { type: 'Feature', id: 1, geometry: { type: 'Point', coordinates: [121.01, 31] }, properties: { s: 2 } },
      { type: 'Feature', id: 2, geometry: { type: 'Point', coordinates: [121.02, 31] }, properties: { s: 0 } },
    ]);
    expect(devicePointsIn(c, statusCodes(c), keptDevices(c, 'water'), [121.005, 30, 121.025, 32]).map((p) => p.id)).toEqual([1]);
  });

  it('grows boxes and tells whether one holds another', () => {
    const view = [121, 31, 121.2, 31.1] as const;
    const grown = grownBox(view, 0.25);
    expect(grown.map((v) => +v.toFixed(3))).toEqual([120.95, 30.975, 121.25, 31.125]);
    expect(boxContains(grown, view)).toBe(true);
    expect(boxContains(view, grown)).toBe(false);
    expect(boxContains(grown, [121.1, 31, 121.3, 31.1])).toBe(false);
  });
});
