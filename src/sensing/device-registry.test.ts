import { describe, expect, it } from 'vitest';
import { DeviceRegistry } from './device-registry.ts';
import type { Device } from './device-model.ts';

const T = Date.UTC(2026, 10, 29);

/** A device as a row read from storage brings it: every string and array its own. */
function row(id: string, over: Partial<Device> = {}): Device {
  return JSON.parse(
    JSON.stringify({
      id,
      type: 'water_meter',
      name: null,
      location: [121.47, 31.23],
      jurisdictionId: 'j-1',
      jurisdictionPath: '/c/d/s/j-1/',
      ownerUnitId: 'u-water',
      tags: ['elderly_alone', 'sim'],
      householdRef: `hh-${id}`,
      offlineAfterS: null,
      createdAt: T,
      updatedAt: T,
      ...over,
    }),
  ) as Device;
}

describe('device registry', () => {
  it('keeps each device’s own facts, the path from the jurisdiction tree', () => {
    const treePath = '/c/d/s/j-1/';
    const registry = new DeviceRegistry((id) => (id === 'j-1' ? treePath : undefined));
    registry.put(row('wm-1'));
    registry.put(row('wm-2', { jurisdictionId: 'j-9', jurisdictionPath: '/c/d/s/j-9/', ownerUnitId: null, tags: [] }));
    expect(registry.facts('wm-1')).toEqual({
      id: 'wm-1',
      type: 'water_meter',
      tags: ['elderly_alone', 'sim'],
      jurisdictionPath: treePath,
      jurisdictionId: 'j-1',
      location: [121.47, 31.23],
      ownerUnitId: 'u-water',
      householdRef: 'hh-wm-1',
    });
    expect(registry.facts('wm-2')).toMatchObject({ jurisdictionPath: '/c/d/s/j-9/', ownerUnitId: null, tags: [] });
    expect(registry.size).toBe(2);
  });

  it('shares one frozen tag array among devices with the same tags (not one per device)', () => {
    const registry = new DeviceRegistry();
    registry.put(row('wm-1'));
    registry.put(row('wm-2'));
    registry.put(row('wm-3', { tags: ['sim'] }));
    const [a, b, c] = ['wm-1', 'wm-2', 'wm-3'].map((id) => registry.facts(id)!.tags);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(c).toEqual(['sim']);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('replaces a device’s facts on put and forgets them on remove', () => {
    const registry = new DeviceRegistry();
    registry.put(row('wm-1'));
    registry.put(row('wm-1', { tags: ['other'], offlineAfterS: 60 }));
    expect(registry.facts('wm-1')!.tags).toEqual(['other']);
    expect(registry.offlineOverride('wm-1')).toBe(60);
    registry.remove('wm-1');
    expect(registry.facts('wm-1')).toBeUndefined();
    expect(registry.offlineOverride('wm-1')).toBeNull();
  });
});
