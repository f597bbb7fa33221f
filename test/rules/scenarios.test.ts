/**
 * The mission's scenarios through the rules module with the demo rules, real storage, the
 * memory bus and a moved clock:
 * - elderly living alone: a water meter of an elderly resident, observed for a day, goes quiet;
 *   12 hours later one yellow E0602 signal; no signal for a meter seen for the first time; a
 *   reading with use clears it;
 * - rainstorm: the level rises over 15 cm and stays 5 minutes → raise (orange, E0401), and the
 *   fast rise raises the rate rule; falling below 10 clears; a spike shorter than 5 minutes
 *   raises nothing;
 * - falling object: a camera detection → one red E0601 signal with building, floor and unit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoRules, ELDERLY_TAG } from '../../src/rules/demo-rules.ts';
import type { DetectionEvent, Reading } from '../../src/sensing/reading-model.ts';
import { availableDialects } from '../support/test-db.ts';
import { CITY_ADMIN, device, openRulesHarness, type RulesHarness } from './rules-harness.ts';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2026, 6, 1, 0, 0, 0);

describe.each(availableDialects())('scenarios on %s', (dialect) => {
  let h: RulesHarness;
  beforeEach(async () => {
    h = await openRulesHarness(dialect, T0);
    expect(await h.rules.ensure(demoRules(), CITY_ADMIN)).toBe(demoRules().length);
  });
  afterEach(async () => h.dispose());

  it('elderly living alone: 12 quiet hours after being observed → one signal; use clears it', async () => {
    h.devices.set('wm-1', device('wm-1', 'water_meter', { tags: [ELDERLY_TAG], householdRef: 'hh-88' }));
    h.devices.set('wm-2', device('wm-2', 'water_meter', { tags: [ELDERLY_TAG] }));
    const vol = (id: string, ts: number, value: number): Reading => ({ deviceId: id, metric: 'volume_m3', ts, value });
    // wm-1 reports hourly for a day with normal use, then only zeros.
    for (let hour = 0; hour < 24; hour++) {
      h.clock.set(T0 + hour * H);
      await h.send([vol('wm-1', T0 + hour * H, hour % 3 === 0 ? 0.03 : 0)]);
    }
    // wm-2 is first heard from at hour 20 and stays quiet: not yet observed for 12 hours.
    await h.send([vol('wm-2', T0 + 20 * H, 0)]);
    for (let hour = 24; hour <= 36; hour++) {
      await h.advanceTo(T0 + hour * H);
      await h.send([vol('wm-1', T0 + hour * H, 0)]);
    }
    const elderly = (id = 'wm-1') => h.signals.filter((s) => s.ruleId === 'demo-elderly-no-water' && s.deviceId === id);
    // Last use at hour 21; the window of ≥ 12 h is clear of it from hour 34 on.
    expect(elderly().map((s) => [s.kind, s.deviceId, (s.ts - T0) / H])).toEqual([['raise', 'wm-1', 34]]);
    expect(elderly()[0]).toMatchObject({
      level: 'yellow',
      value: 0,
      details: expect.objectContaining({ caseCategory: 'E0602', householdRef: 'hh-88' }),
      message: 'wm-1（hh-88）12 h 用水 0 m³，低于 0.01 m³，请上门查看',
    });
    // Ticks on and on: still one signal.
    for (let hour = 37; hour < 40; hour++) await h.advanceTo(T0 + hour * H);
    expect(elderly()).toHaveLength(1);
    await h.send([vol('wm-1', T0 + 40 * H, 0.05)]);
    expect(elderly().map((s) => s.kind)).toEqual(['raise', 'clear']);
    // wm-2, first heard from at hour 20 and quiet since: raised only once observed for 12 h.
    expect(elderly('wm-2').map((s) => [s.kind, (s.ts - T0) / H])).toEqual([['raise', 32]]);
  });

  it('rainstorm: over 15 cm for 5 minutes raises, below 10 clears, a short spike does nothing; fast rises raise', async () => {
    h.devices.set('g-1', device('g-1', 'water_level_gauge'));
    h.devices.set('g-2', device('g-2', 'water_level_gauge'));
    const at = (id: string, minute: number, value: number): Reading => ({
      deviceId: id,
      metric: 'water_level_cm',
      ts: T0 + minute * MIN,
      value,
    });
    const levels1 = [2, 4, 8, 12, 16, 17, 18, 18, 19, 19, 20, 20, 16, 12, 9, 8];
    const levels2 = [2, 3, 17, 18, 19, 12, 8, 3, 3, 3, 3, 3, 3, 3, 3, 3];
    for (let m = 0; m < levels1.length; m++) {
      await h.advanceTo(T0 + m * MIN);
      await h.send([at('g-1', m, levels1[m]!), at('g-2', m, levels2[m]!)]);
    }
    const level = h.signals.filter((s) => s.ruleId === 'demo-standing-water-level');
    expect(level.map((s) => [s.kind, s.deviceId, (s.ts - T0) / MIN, s.value])).toEqual([
      ['raise', 'g-1', 9, 19],
      ['clear', 'g-1', 14, 9],
    ]);
    expect(level[0]).toMatchObject({ level: 'orange', message: 'g-1 积水水位 19 cm 超过 15 cm 已持续 5 min' });
    expect(level[0]!.details).toMatchObject({ caseCategory: 'E0401' });
    const rise = h.signals.filter((s) => s.ruleId === 'demo-standing-water-rise' && s.kind === 'raise');
    expect(rise.map((s) => [s.deviceId, (s.ts - T0) / MIN])).toEqual([
      ['g-2', 2],
      ['g-1', 3],
    ]);
  });

  it('falling object: a detection raises one red signal with building, floor and unit', async () => {
    const camera = device('cam-9', 'camera', { jurisdictionId: 's1' });
    const ev = (id: string, type: DetectionEvent['detection']['type'], confidence: number): DetectionEvent => ({
      detection: {
        id,
        cameraId: 'cam-9',
        type,
        confidence,
        ts: T0 + 5 * MIN,
        building: '7号楼',
        floor: 12,
        unit: '2单元',
        snapshotRef: `snapshots/${id}.jpg`,
        clip: { start: T0 + 5 * MIN - 10_000, end: T0 + 5 * MIN + 5_000 },
      },
      camera,
      receivedAt: T0 + 5 * MIN + 300,
    });
    await h.bus.publish('detections', ev('d-1', 'falling_object', 0.93));
    await h.bus.publish('detections', ev('d-2', 'falling_object', 0.3));
    expect(h.signals).toEqual([
      expect.objectContaining({
        kind: 'raise',
        ruleId: 'demo-falling-object',
        subjectKey: 'detection:d-1',
        deviceId: 'cam-9',
        level: 'red',
        message: 'cam-9 发现高空抛物：7号楼 2单元 12 层（置信度 0.93）',
        jurisdictionPath: '/c/d1/s1/',
        details: expect.objectContaining({
          building: '7号楼',
          floor: 12,
          unit: '2单元',
          snapshotRef: 'snapshots/d-1.jpg',
          caseCategory: 'E0601',
        }),
      }),
    ]);
  });
});
