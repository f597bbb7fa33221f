import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios.ts';
import { DEVICE_COLOR } from './colors.ts';
import { deviceClusterProperties, deviceClusterStyle } from './device-clusters.ts';

describe('device clusters', () => {
  it('count devices and offline devices for all and for every scenario', () => {
    const props = deviceClusterProperties();
    expect(Object.keys(props).sort()).toEqual(['all', ...SCENARIOS].flatMap((s) => [`n_${s}`, `off_${s}`]).sort());
    // A scenario counts only its device types; offline counts only offline devices.
    expect(JSON.stringify(props.n_water)).toContain('water_level_gauge');
    expect(JSON.stringify(props.n_water)).not.toContain('camera');
    expect(JSON.stringify(props.off_all)).toContain('offline');
    expect(JSON.stringify(props.n_all)).not.toContain('offline');
  });

  it('size, colour and keep clusters by the scenario view’s own counts', () => {
    const all = JSON.stringify(deviceClusterStyle(null));
    const water = JSON.stringify(deviceClusterStyle('water'));
    expect(all).toContain('"n_all"');
    expect(all).not.toContain('n_water');
    expect(water).toContain('"n_water"');
    expect(water).toContain('"off_water"');
    expect(water).not.toContain('n_all');
    // From online's colour (none offline) to offline's.
    expect(JSON.stringify(deviceClusterStyle(null).color)).toMatch(new RegExp(`${DEVICE_COLOR.online}.*${DEVICE_COLOR.offline}`));
  });
});
