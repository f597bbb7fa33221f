/**
 * The construction scenario's cameras: pure and deterministic; missing hard hats only from
 * site cameras in working hours, most of them sure enough for the demo rule; objects thrown
 * from height only from residential cameras, with building, unit and floor, about once a day;
 * every detection valid for the platform (confidence 0..1, clip before the detection time).
 */
import { describe, expect, it } from 'vitest';
import { cameraDetections, siteCamera } from '../../src/sim/construction-scenario.ts';
import { rngFor } from '../../src/sim/rng.ts';
import { shanghaiHour } from '../../src/sim/sim-model.ts';
import { devicesOf, H, run, T0, unitsOf } from './support.ts';

describe('construction scenario', () => {
  it('is a pure function of device, time and random stream', () => {
    const cam = siteCamera(devicesOf('construction', 1)[0]!);
    const t = T0 + 10 * H;
    expect(cameraDetections(cam, t, rngFor(7, cam.id, t))).toEqual(cameraDetections(cam, t, rngFor(7, cam.id, t)));
    expect(run(unitsOf('construction', 9), T0, T0 + 24 * H)).toEqual(run(unitsOf('construction', 9), T0, T0 + 24 * H));
  });

  it('sees missing hard hats on sites in working hours and falling objects at homes, with where from', () => {
    const units = unitsOf('construction', 30);
    const days = 7;
    const out = run(units, T0, T0 + days * 24 * H);
    expect(out.readings).toEqual([]);
    const cams = new Map(units.map((u) => [u.device.id, siteCamera(u.device)]));
    const helmets = out.detections.filter((d) => d.type === 'no_helmet');
    const falls = out.detections.filter((d) => d.type === 'falling_object');
    for (const d of helmets) {
      expect(cams.get(d.cameraId)!.watches).toBe('site');
      const h = shanghaiHour(d.ts);
      expect(h >= 7 && h < 18).toBe(true);
    }
    const sure = helmets.filter((d) => d.confidence >= 0.7).length / helmets.length;
    expect(sure).toBeGreaterThan(0.6);
    expect(sure).toBeLessThan(0.95);
    // 20 site cameras × 11 working hours × 0.6 a day ≈ 132 a day.
    expect(helmets.length / days).toBeGreaterThan(90);
    expect(helmets.length / days).toBeLessThan(180);
    // 10 residential cameras, about one a day each.
    expect(falls.length / days).toBeGreaterThan(5);
    expect(falls.length / days).toBeLessThan(16);
    for (const d of falls) {
      const cam = cams.get(d.cameraId)!;
      expect(cam.watches).toBe('residential');
      expect(d.building).toBe(cam.building);
      expect(d.floor).toBeGreaterThanOrEqual(3);
      expect(d.floor).toBeLessThanOrEqual(cam.floors);
      expect(d.unit).toMatch(/^\d单元$/);
      expect(d.confidence).toBeGreaterThanOrEqual(0.6);
    }
    for (const d of out.detections) {
      expect(d.confidence).toBeGreaterThanOrEqual(0);
      expect(d.confidence).toBeLessThanOrEqual(1);
      expect(d.clip.end).toBe(d.ts);
      expect(d.clip.start).toBeLessThan(d.ts);
      expect(d.id.length).toBeLessThanOrEqual(64);
    }
    expect(new Set(out.detections.map((d) => d.id)).size).toBe(out.detections.length);
  });
});
