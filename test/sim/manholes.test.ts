/**
 * The manhole scenario's covers: pure and deterministic; resting tilt within 0–2°; incidents
 * (tilt > 15° or open) at about the planned rate, whatever the report period; each incident
 * shows in the covers' reports while it lasts and is gone after.
 */
import { describe, expect, it } from 'vitest';
import { activeIncident, incidentInHour, INCIDENTS_PER_COVER_HOUR, manholeCover, manholeReading } from '../../src/sim/manholes-scenario.ts';
import { rngFor } from '../../src/sim/rng.ts';
import { devicesOf, H, MIN, run, T0, unitsOf } from './support.ts';

describe('manholes scenario', () => {
  it('is a pure function of device, time and random stream', () => {
    const c = manholeCover(devicesOf('manholes', 1)[0]!);
    expect(manholeReading(c, T0 + H, rngFor(7, c.id, T0 + H))).toEqual(manholeReading(c, T0 + H, rngFor(7, c.id, T0 + H)));
    expect(run(unitsOf('manholes', 10), T0, T0 + 6 * H)).toEqual(run(unitsOf('manholes', 10), T0, T0 + 6 * H));
  });

  it('rests at 0–2°, closed, except during incidents of more than 15° or open', () => {
    const units = unitsOf('manholes', 100);
    const out = run(units, T0, T0 + 24 * H);
    const covers = new Map(units.map((u) => [u.device.id, manholeCover(u.device)]));
    let alarming = 0;
    for (const r of out.readings) {
      const incident = activeIncident(covers.get(r.deviceId)!, r.ts);
      const tilt = r.values.tilt_deg as number;
      if (!incident) {
        expect(tilt).toBeGreaterThanOrEqual(0);
        expect(tilt).toBeLessThanOrEqual(2);
        expect(r.values.open).toBe(false);
      } else {
        expect(incident.kind === 'open' ? r.values.open : tilt > 15).toBe(true);
        alarming++;
      }
    }
    expect(alarming).toBeGreaterThan(0);
  });

  it('has incidents at about the planned rate, lasting 10–90 minutes', () => {
    const covers = devicesOf('manholes', 500).map(manholeCover);
    const hours = 200;
    let n = 0;
    for (const c of covers)
      for (let h = 0; h < hours; h++) {
        const i = incidentInHour(c, Math.floor(T0 / H) + h);
        if (!i) continue;
        n++;
        expect(i.endMs - i.startMs).toBeGreaterThanOrEqual(10 * MIN);
        expect(i.endMs - i.startMs).toBeLessThanOrEqual(90 * MIN);
      }
    const expected = covers.length * hours * INCIDENTS_PER_COVER_HOUR; // 400
    expect(n).toBeGreaterThan(expected * 0.8);
    expect(n).toBeLessThan(expected * 1.2);
  });

  it('sees the same incidents whatever the report period (--rate)', () => {
    const slow = unitsOf('manholes', 50);
    const fast = unitsOf('manholes', 50, T0, 7, 10); // 10 readings/s among 50 covers: every 10 s
    expect(fast[0]!.device.periodMs).toBeLessThan(slow[0]!.device.periodMs);
    const open = (units: typeof slow) =>
      new Set(
        run(units, T0, T0 + 24 * H)
          .readings.filter((r) => r.values.open === true || (r.values.tilt_deg as number) > 15)
          .map((r) => r.deviceId),
      );
    const a = open(slow);
    const b = open(fast);
    expect(a.size).toBeGreaterThan(0);
    for (const id of a) expect(b.has(id)).toBe(true);
  });
});
