import { describe, expect, it } from 'vitest';
import { toColumns, selectDevices, countDevices, type ListedDevice } from './device-snapshot.ts';
import { deviceColumns, deviceGeoJson, featureCollection, parseBBox, pointFeature, worse } from './layer-model.ts';

const devices: ListedDevice[] = [
  { id: 'a', type: 'water_level_gauge', location: [121.4, 31.2], jurisdictionPath: '/c/d1/', status: 'online' },
  { id: 'b', type: 'manhole_cover', location: [121.5, 31.3], jurisdictionPath: '/c/d1/s/', status: 'offline' },
  { id: 'c"x', type: 'water_level_gauge', location: [121.7, 31.1], jurisdictionPath: '/c/d2/', status: 'unknown' },
];

describe('layers', () => {
  it('parses boxes and refuses what is not one', () => {
    expect(parseBBox('121.1,31,121.9,31.5')).toEqual([121.1, 31, 121.9, 31.5]);
    for (const bad of ['1,2,3', '3,2,1,4', 'a,b,c,d', '0,0,181,1']) expect(parseBBox(bad)).toBeNull();
  });

  it('keeps the worse level', () => {
    expect(worse(null, 'blue')).toBe('blue');
    expect(worse('red', 'yellow')).toBe('red');
    expect(worse('yellow', 'orange')).toBe('orange');
  });

  it('builds valid GeoJSON text with foreign members and rounded points', () => {
    const fc = JSON.parse(featureCollection([pointFeature(121.1234567, 31.7654321, { id: 'x' })], { asOf: 1, count: 1 })) as unknown;
    expect(fc).toEqual({
      type: 'FeatureCollection',
      asOf: 1,
      count: 1,
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [121.12346, 31.76543] }, properties: { id: 'x' } }],
    });
  });

  it('selects devices by scope, box and type, counts them, and writes them as GeoJSON or columns', () => {
    const s = toColumns(devices, 5);
    expect([...selectDevices(s, { scopePath: '/c/d1/' })]).toEqual([0, 1]);
    expect([...selectDevices(s, { scopePath: '/c/', bbox: [121.45, 31, 122, 31.35] })]).toEqual([1, 2]);
    expect([...selectDevices(s, { scopePath: '/c/', type: 'water_level_gauge' })]).toEqual([0, 2]);
    expect(selectDevices(s, { scopePath: '/c/', type: 'nothing' }).length).toBe(0);
    expect(countDevices(s, selectDevices(s, { scopePath: '/' }))).toEqual({ total: 3, online: 1, offline: 1, unknown: 1 });
    const all = selectDevices(s, { scopePath: '/' });
    const geo = JSON.parse(deviceGeoJson(s, all)) as { features: Array<{ properties: { id: string; status: string } }> };
    expect(geo.features.map((f) => [f.properties.id, f.properties.status])).toEqual([
      ['a', 'online'],
      ['b', 'offline'],
      ['c"x', 'unknown'],
    ]);
    const cols = JSON.parse(deviceColumns(s, all)) as {
      count: number;
      lon: number[];
      types: string[];
      type: number[];
      statuses: string[];
      status: number[];
    };
    expect(cols).not.toHaveProperty('id');
    expect([cols.count, cols.lon]).toEqual([3, [121.4, 121.5, 121.7]]);
    expect(cols.type.map((t) => cols.types[t])).toEqual(['water_level_gauge', 'manhole_cover', 'water_level_gauge']);
    expect(cols.status.map((t) => cols.statuses[t])).toEqual(['online', 'offline', 'unknown']);
  });
});
