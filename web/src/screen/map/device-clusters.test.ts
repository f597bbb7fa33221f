import { describe, expect, it } from 'vitest';
import { DEVICE_COLOR } from './colors.ts';
import {
  DEVICE_CLUSTER_COLOR,
  DEVICE_CLUSTER_MAX_ZOOM,
  DEVICE_POINTS_ZOOM,
  deviceGroups,
  type DeviceGroupFeature,
} from './device-clusters.ts';

const atZoom = (groups: DeviceGroupFeature[], z: number) => groups.filter((g) => g.properties.z === z).map((g) => g.properties);
const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('device groups', () => {
  // Two devices ~90 m apart in 黄浦区 and one ~20 km away in 嘉定.
  const lon = [121.49, 121.491, 121.25];
  const lat = [31.23, 31.23, 31.38];
  // Status codes: online, offline, unknown.
  const status = [1, 2, 0];

  it('groups neighbours at city zoom and lets them apart once they are more than the radius apart', () => {
    const groups = deviceGroups(lon, lat, status, all(3));
    // At zoom 9 the pair is a few pixels apart (one group), 嘉定 ~ 100 px away (its own).
    expect(
      atZoom(groups, 9)
        .map((g) => g.n)
        .sort(),
    ).toEqual([1, 2]);
    // At zoom 13 (~16 m a pixel) the pair is ~6 px apart: still one group.
    expect(
      atZoom(groups, 13)
        .map((g) => g.n)
        .sort(),
    ).toEqual([1, 2]);
    // Far out, everything is one group.
    expect(atZoom(groups, 2).map((g) => g.n)).toEqual([3]);
    // Every zoom from the finest grouped one down to 0, no more.
    expect(new Set(groups.map((g) => g.properties.z))).toEqual(new Set(Array.from({ length: DEVICE_CLUSTER_MAX_ZOOM + 1 }, (_, z) => z)));
  });

  it('counts offline devices and says at which zoom a group comes apart', () => {
    const groups = deviceGroups(lon, lat, status, all(3));
    const pair = atZoom(groups, 9).find((g) => g.n === 2)!;
    expect(pair.off).toBe(1);
    // A group of several carries no status of its own (its colour is its offline share).
    expect(pair.s).toBeUndefined();
    // The pair stays together through zoom 13: a click takes the view to the single devices.
    expect(pair.expand).toBe(DEVICE_POINTS_ZOOM);
    const city = atZoom(groups, 2)[0]!;
    // The whole city comes apart where 嘉定 leaves the pair.
    const apart = Math.min(...Array.from({ length: 14 }, (_, z) => z).filter((z) => atZoom(groups, z).length > 1));
    expect(city.expand).toBe(apart);
    // The group sits where its devices are, weighted by count.
    const three = groups.find((g) => g.properties.z === 2)!;
    expect(three.geometry.coordinates[0]).toBeCloseTo((121.49 + 121.491 + 121.25) / 3, 2);
  });

  it('groups only the devices kept (a scenario’s own)', () => {
    const groups = deviceGroups(lon, lat, status, Uint32Array.from([0, 2]));
    // Each alone: drawn as a device, in its status's colour.
    expect(atZoom(groups, 9)).toEqual([
      { z: 9, n: 1, off: 0, expand: 14, s: 1 },
      { z: 9, n: 1, off: 0, expand: 14, s: 0 },
    ]);
    expect(atZoom(deviceGroups(lon, lat, status, Uint32Array.from([1])), 9)).toEqual([{ z: 9, n: 1, off: 1, expand: 14, s: 2 }]);
  });

  it('keeps every device exactly once at every zoom, 100,000 of them', () => {
    // As the demo's: ~15 devices around each of 6,500 community centres about a kilometre apart.
    const n = 100_000;
    const spot = (i: number) => i % 6_500;
    const near = (i: number) => Math.floor(i / 6_500);
    const bigLon = Array.from({ length: n }, (_, i) => 121.1 + (spot(i) % 80) * 0.01 + ((near(i) % 7) - 3) * 2e-4);
    const bigLat = Array.from({ length: n }, (_, i) => 30.9 + Math.floor(spot(i) / 80) * 0.01 + ((near(i) % 5) - 2) * 2e-4);
    const bigStatus = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 2 : 1));
    const groups = deviceGroups(bigLon, bigLat, bigStatus, all(n));
    for (let z = 0; z <= DEVICE_CLUSTER_MAX_ZOOM; z++) {
      const level = atZoom(groups, z);
      expect(level.reduce((s, g) => s + g.n, 0)).toBe(n);
      expect(level.reduce((s, g) => s + g.off, 0)).toBe(n / 5);
      expect(level.every((g) => g.expand > z && g.expand <= DEVICE_POINTS_ZOOM)).toBe(true);
    }
    // Few enough to send to the map: about one group per community at the finest zoom.
    expect(atZoom(groups, DEVICE_CLUSTER_MAX_ZOOM).length).toBeLessThanOrEqual(6_500);
  });

  it('colour groups from online’s colour (none offline) to offline’s', () => {
    expect(JSON.stringify(DEVICE_CLUSTER_COLOR)).toMatch(new RegExp(`${DEVICE_COLOR.online}.*${DEVICE_COLOR.offline}`));
  });
});
