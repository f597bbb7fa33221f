import { describe, expect, it } from 'vitest';
import { deviceFeatures, statusChanges, statusNames } from './device-model.ts';
import { sameIds } from './same-ids.ts';
import type { DeviceColumns } from '../types.ts';

const cols = (status: number[]): DeviceColumns => ({
  asOf: 0,
  count: status.length,
  types: ['camera', 'manhole_cover'],
  statuses: ['unknown', 'online', 'offline'],
  id: status.map((_, i) => `d${i}`),
  lon: status.map((_, i) => 121 + i / 100),
  lat: status.map(() => 31),
  type: status.map((_, i) => i % 2),
  status,
});

describe('device points', () => {
  it('turns columns into points with type and status names', () => {
    const f = deviceFeatures(cols([1, 2]));
    expect(f[1]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [121.01, 31] },
      properties: { id: 'd1', type: 'manhole_cover', status: 'offline' },
    });
  });

  it('finds only the devices whose status moved', () => {
    const before = statusNames(cols([1, 1, 0]));
    expect(statusChanges(before, cols([1, 2, 0]))).toEqual([{ id: 'd1', status: 'offline' }]);
  });

  it('knows whether two answers list the same devices', () => {
    expect(sameIds(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameIds(['a', 'b'], ['a'])).toBe(false);
    expect(sameIds(['a', 'b'], ['b', 'a'])).toBe(false);
  });

  it('handles 100,000 devices in a few milliseconds', () => {
    const big = cols(Array.from({ length: 100_000 }, (_, i) => i % 3));
    const t0 = performance.now();
    const features = deviceFeatures(big);
    const changes = statusChanges(statusNames(big), big);
    expect(features).toHaveLength(100_000);
    expect(changes).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
