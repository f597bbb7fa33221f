/**
 * Back-fill is judged in event time, every dialect: readings a gateway delivers hours late, in
 * one batch, raise and clear at the times they describe — a level that stayed over 15 cm for 5
 * minutes, a gap longer than the offline limit, 12 quiet hours of a meter — although the
 * platform's clock stands still and no tick falls between them. A device already reported
 * absent by the clock is cleared by late readings from inside the gap, at a time no earlier than
 * the raise (so the alerts service does not drop the clear as stale).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '../../src/sensing/reading-model.ts';
import type { RuleSignal } from '../../src/rules/signal-model.ts';
import { availableDialects } from '../support/test-db.ts';
import { CITY_ADMIN, device, openRulesHarness, type RulesHarness } from './rules-harness.ts';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2026, 6, 1, 0, 0, 0);
const level = (id: string, minute: number, value: number): Reading => ({
  deviceId: id,
  metric: 'water_level_cm',
  ts: T0 + minute * MIN,
  value,
});
const volume = (id: string, hour: number, value: number): Reading => ({ deviceId: id, metric: 'volume_m3', ts: T0 + hour * H, value });

const rel = (s: RuleSignal, unit: number) => [s.kind, (s.ts - T0) / unit, s.value];

describe.each(availableDialects())('back-fill on %s', (dialect) => {
  let h: RulesHarness;
  beforeEach(async () => {
    // The platform's clock is a day ahead of the readings, and stays there.
    h = await openRulesHarness(dialect, T0 + 24 * H);
    h.devices.set('g', device('g', 'water_level_gauge'));
    h.devices.set('m', device('m', 'water_meter'));
  });
  afterEach(async () => h.dispose());

  it('a level over the threshold for the duration raises at the time it was reached, and clears when it fell', async () => {
    const rule = await h.rules.create(
      {
        name: '积水',
        kind: 'threshold',
        params: { metric: 'water_level_cm', op: '>', threshold: 15, for: '5m', clear: { op: '<', threshold: 10 } },
        appliesTo: { deviceTypes: ['water_level_gauge'] },
        level: 'orange',
        messageTemplate: '{device} {value}',
      },
      CITY_ADMIN,
    );
    // A reading every 10 minutes: 18 cm held from minute 10 to 30 (sample and hold), then 8.
    await h.send([level('g', 0, 3), level('g', 10, 18), level('g', 20, 19), level('g', 30, 8), level('g', 40, 3)]);
    expect(h.signals.filter((s) => s.ruleId === rule.id).map((s) => rel(s, MIN))).toEqual([
      ['raise', 15, 18],
      ['clear', 30, 8],
    ]);
  });

  it('a gap longer than the offline limit raises at the limit and clears at the next reading', async () => {
    const rule = await h.rules.create(
      {
        name: '离线',
        kind: 'absence',
        params: { after: '20m' },
        appliesTo: { deviceTypes: ['water_level_gauge'] },
        level: 'blue',
        messageTemplate: '{device}',
      },
      CITY_ADMIN,
    );
    await h.send([level('g', 0, 3), level('g', 10, 3), level('g', 45, 3), level('g', 50, 3)]);
    expect(h.signals.filter((s) => s.ruleId === rule.id).map((s) => rel(s, MIN).slice(0, 2))).toEqual([
      ['raise', 30],
      ['clear', 45],
    ]);
  });

  it('12 quiet hours of a meter raise the elderly rule although use resumed before the batch arrived', async () => {
    const rule = await h.rules.create(
      {
        name: '独居老人用水异常',
        kind: 'aggregate',
        params: { fn: 'sum', metric: 'volume_m3', window: '12h', op: '<', threshold: 0.01, buckets: 12 },
        appliesTo: { deviceTypes: ['water_meter'] },
        level: 'yellow',
        messageTemplate: '{device}',
      },
      CITY_ADMIN,
    );
    // Hourly use for 14 hours, silence, then use again at hour 30.
    const readings = Array.from({ length: 14 }, (_, hour) => volume('m', hour, 0.02));
    await h.send([...readings, volume('m', 30, 0.05)]);
    const signals = h.signals.filter((s) => s.ruleId === rule.id);
    expect(signals.map((s) => s.kind)).toEqual(['raise', 'clear']);
    expect(signals[0]!.ts).toBe(T0 + 30 * H);
    expect(signals[1]!.ts).toBe(T0 + 30 * H);
  });

  it('readings from inside a gap the clock already reported clear it, stamped no earlier than the raise', async () => {
    const rule = await h.rules.create(
      {
        name: '离线',
        kind: 'absence',
        params: { after: '20m' },
        appliesTo: { deviceTypes: ['water_level_gauge'] },
        level: 'blue',
        messageTemplate: '{device}',
      },
      CITY_ADMIN,
    );
    // Live from minute 24·60 (the clock's time): heard from, then nothing for 30 minutes.
    const day = 24 * 60;
    await h.send([level('g', day, 3)]);
    await h.advanceTo(T0 + (day + 30) * MIN);
    // The gateway catches up with what it held back.
    await h.send([level('g', day + 5, 3), level('g', day + 15, 3), level('g', day + 25, 3), level('g', day + 35, 3)]);
    expect(h.signals.filter((s) => s.ruleId === rule.id).map((s) => rel(s, MIN).slice(0, 2))).toEqual([
      ['raise', day + 20],
      ['clear', day + 20],
    ]);
  });
});
