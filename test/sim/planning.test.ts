/**
 * Planning the simulated devices: the seeded random source, sharing `--devices` among
 * scenarios, ids, stable places near community centres, report periods from `--rate`, and
 * the command's option checks.
 */
import { describe, expect, it } from 'vitest';
import { hashString, mulberry32, rngFor } from '../../src/sim/rng.ts';
import { allocateDevices, deviceId, naturalRate, placeFor, planDevices, scenarioList, SCENARIOS } from '../../src/sim/scenarios.ts';
import { parseSimulateOptions, type SimulateCommandInput } from '../../src/sim/simulate-command.ts';
import { DEMO_PASSWORD } from '../../src/directory/demo-directory.ts';
import { devicesOf, PLACES } from './support.ts';

describe('seeded randomness', () => {
  it('repeats for the same seed and keys, differs otherwise, stays in [0, 1)', () => {
    const a = rngFor(1, 'sim-wm-0001', 5);
    const b = rngFor(1, 'sim-wm-0001', 5);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(rngFor(2, 'sim-wm-0001', 5)()).not.toBe(xs[0]);
    expect(rngFor(1, 'sim-wm-0001', 6)()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(hashString('a')).not.toBe(hashString('b'));
    expect(mulberry32(42)()).toBe(mulberry32(42)());
  });
});

describe('planning', () => {
  it('shares devices among scenarios, at least one each', () => {
    const all = scenarioList('all');
    expect(allocateDevices(200, all)).toEqual([
      ['elderly', 80],
      ['rainstorm', 40],
      ['manholes', 60],
      ['construction', 20],
    ]);
    expect(allocateDevices(4, all).map(([, n]) => n)).toEqual([1, 1, 1, 1]);
    expect(allocateDevices(7, ['elderly'])).toEqual([['elderly', 7]]);
    for (let n = 4; n < 60; n++) expect(allocateDevices(n, all).reduce((s, [, k]) => s + k, 0)).toBe(n);
    expect(() => allocateDevices(3, all)).toThrow(/at least 4/);
  });

  it('names devices sim-<kind>-0001 and keeps them where the seed put them', () => {
    expect(deviceId(SCENARIOS.elderly, 0)).toBe('sim-wm-0001');
    expect(deviceId(SCENARIOS.construction, 12344)).toBe('sim-cam-12345');
    expect(devicesOf('rainstorm', 3).map((d) => d.id)).toEqual(['sim-wl-0001', 'sim-wl-0002', 'sim-wl-0003']);
    const a = placeFor(1, 'sim-mh-0001', PLACES);
    expect(placeFor(1, 'sim-mh-0001', PLACES)).toEqual(a);
    // Within ~150 m of the community's point, inside its box.
    expect(Math.abs(a.lon - a.place.center[0])).toBeLessThanOrEqual(0.0015);
    expect(Math.abs(a.lat - a.place.center[1])).toBeLessThanOrEqual(0.0013);
    // The first devices stay put when there are more of them.
    expect(devicesOf('manholes', 50).slice(0, 10)).toEqual(devicesOf('manholes', 10));
    const spread = new Set(devicesOf('elderly', 40).map((d) => d.place.code));
    expect(spread.size).toBe(PLACES.length);
  });

  it('puts about half of the devices in the --focus communities and leaves the others where they were', () => {
    const counts = [['manholes', 400]] as const;
    const spread = planDevices({ seed: 7, counts, places: PLACES, rate: null });
    expect(planDevices({ seed: 7, counts, places: PLACES, focus: [], rate: null })).toEqual(spread);
    const focused = planDevices({ seed: 7, counts, places: PLACES, focus: [PLACES[3]!], rate: null });
    const inFocus = (ds: typeof spread) => ds.filter((d) => d.place.code === PLACES[3]!.code).length / ds.length;
    // Half by the coin, plus a quarter of the other half by the city-wide draw.
    expect(inFocus(spread)).toBeLessThan(0.35);
    expect(inFocus(focused)).toBeGreaterThan(0.55);
    expect(inFocus(focused)).toBeLessThan(0.7);
    // A device the coin leaves to the city stands exactly where it stood without a focus.
    const unmoved = focused.filter((d, i) => d.lon === spread[i]!.lon && d.lat === spread[i]!.lat).length;
    expect(unmoved).toBeGreaterThan(150);
  });

  it('scales report periods to --rate (cameras keep theirs)', () => {
    const counts = [
      ['elderly', 90],
      ['construction', 10],
    ] as const;
    expect(naturalRate(counts)).toBeCloseTo(0.1); // 90 meters every 15 min
    const [meter] = devicesOf('elderly', 90, 7, 9); // 90× faster: every 10 s
    expect(meter!.periodMs).toBe(10_000);
    expect(devicesOf('construction', 1, 7, 1000)[0]!.periodMs).toBe(60_000);
    for (const d of devicesOf('elderly', 20)) {
      expect(d.phaseMs).toBeGreaterThanOrEqual(0);
      expect(d.phaseMs).toBeLessThan(d.periodMs);
    }
  });
});

describe('simulate options', () => {
  const base: SimulateCommandInput = { dataDir: '/tmp/x', defaultUrl: 'http://localhost:8080', defaultMqttUrl: 'mqtt://localhost:1883' };

  it('has defaults for a demo', () => {
    expect(parseSimulateOptions(base)).toEqual({
      url: 'http://localhost:8080',
      transport: 'http',
      mqttUrl: 'mqtt://localhost:1883',
      devices: 200,
      rate: null,
      scenarios: ['elderly', 'rainstorm', 'manholes', 'construction'],
      durationMs: 0,
      speed: 1,
      username: 'admin',
      password: DEMO_PASSWORD,
      dataDir: '/tmp/x',
      seed: 1,
      focus: null,
    });
    expect(
      parseSimulateOptions({ ...base, scenario: 'rainstorm', duration: '10m', speed: '72', rate: '500', password: '-' }, () => 'secret\n'),
    ).toMatchObject({ scenarios: ['rainstorm'], durationMs: 600_000, speed: 72, rate: 500, password: 'secret' });
    expect(parseSimulateOptions({ ...base, focus: ' 310101 ' }).focus).toBe('310101');
  });

  it('names the option at fault', () => {
    expect(() => parseSimulateOptions({ ...base, devices: '0' })).toThrow(/--devices: expected a whole number ≥ 1/);
    expect(() => parseSimulateOptions({ ...base, focus: '黄浦 区' })).toThrow(/--focus: expected a jurisdiction code/);
    expect(() => parseSimulateOptions({ ...base, devices: '2.5' })).toThrow(/--devices/);
    expect(() => parseSimulateOptions({ ...base, devices: '3' })).toThrow(/--devices: at least 4/);
    expect(() => parseSimulateOptions({ ...base, speed: '0.5' })).toThrow(/--speed/);
    expect(() => parseSimulateOptions({ ...base, duration: 'soon' })).toThrow(/--duration/);
    expect(() => parseSimulateOptions({ ...base, scenario: 'flood' })).toThrow(/--scenario: unknown scenario "flood"/);
    expect(() => parseSimulateOptions({ ...base, transport: 'coap' })).toThrow(/--transport/);
    expect(() => parseSimulateOptions({ ...base, url: 'localhost:8080' })).toThrow(/--url/);
    expect(() => parseSimulateOptions({ ...base, mqttUrl: 'http://x' })).toThrow(/--mqtt-url/);
  });
});
