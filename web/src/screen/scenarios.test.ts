import { describe, expect, it } from 'vitest';
import { deviceInScenario, inScenario, parseScenario, SCENARIO_DEFS } from './scenarios.ts';

describe('scenario views', () => {
  it('keep the categories of their concern', () => {
    expect(inScenario('water', 'E0401')).toBe(true);
    expect(inScenario('water', 'E0601')).toBe(false);
    expect(inScenario('elderly', 'E0602')).toBe(true);
    expect(inScenario('construction', 'E0302')).toBe(true);
    expect(SCENARIO_DEFS.manhole.categories).toEqual([
      'P0101',
      'P0102',
      'P0103',
      'P0104',
      'P0105',
      'P0106',
      'P0107',
      'P0108',
      'P0109',
      'P0110',
      'P0111',
    ]);
    expect(inScenario('manhole', 'P0112')).toBe(false);
    expect(inScenario('manhole', null)).toBe(false);
    expect(inScenario(null, null)).toBe(true);
  });

  it('keep the device types that watch it', () => {
    expect(deviceInScenario('water', 'water_level_gauge')).toBe(true);
    expect(deviceInScenario('water', 'camera')).toBe(false);
    expect(deviceInScenario(null, 'camera')).toBe(true);
  });

  it('come from the query string', () => {
    expect(parseScenario('manhole')).toBe('manhole');
    expect(parseScenario('nope')).toBeNull();
    expect(parseScenario(null)).toBeNull();
  });
});
