/**
 * The fast path for HTTP batches agrees with `JSON.parse` + `validateItem`: whatever the body —
 * valid, invalid, oddly written, broken — it either answers null or exactly the readings of the
 * general path, which then refuses nothing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scanReadings } from './scan-model.ts';
import { validateItem, type Rejection, type ValidationContext } from './ingest-model.ts';
import { deviceType } from './device-types.ts';
import type { Reading } from './reading-model.ts';

const NOW = Date.UTC(2026, 10, 27, 2, 0, 0);
const TYPES: Record<string, string> = { 'wl-1': 'water_level_gauge', 'wl-2': 'water_level_gauge', 'mh-1': 'manhole_cover' };
const ctx: ValidationContext = { typeOf: (id) => (TYPES[id] ? deviceType(TYPES[id]) : undefined), now: NOW, maxFutureMs: 300_000 };

/** JSON.parse + validateItem, as the ingest service does for HTTP (topic null) and MQTT (a topic's device). */
function general(text: string, topic: string | null = null): { readings: Reading[]; rejected: Rejection[] } | 'not an array' {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'not an array';
  }
  if (!Array.isArray(parsed)) {
    if (topic === null) return 'not an array';
    parsed = [parsed];
  }
  const readings: Reading[] = [];
  const rejected: Rejection[] = [];
  (parsed as unknown[]).forEach((item, i) => validateItem(item, i, topic, ctx, readings, rejected));
  return { readings, rejected };
}

const ws = fc.constantFrom('', ' ', '\n', '\t', '\r\n  ');
const value = fc.oneof(
  fc.double({ min: -50, max: 2000, noNaN: true }).map((v) => JSON.stringify(v)),
  fc.integer({ min: -5, max: 500 }).map(String),
  fc.constantFrom('true', 'false', 'null', '"12"', '1e999', '-0', '1.5E2', '01', '1.', '[]', '{}'),
);
const metric = fc.constantFrom('water_level_cm', 'tilt_deg', 'open', 'battery_v', '0', 'water_level_cm');
const ts = fc.oneof(
  fc.integer({ min: NOW - 3_600_000, max: NOW + 600_000 }).map(String),
  fc.constantFrom(
    `"${new Date(NOW).toISOString()}"`,
    '"2026-11-27T10:00:00+08:00"',
    '"yesterday"',
    '946684799999',
    '1795744800000.7',
    'null',
  ),
);
const deviceId = fc.constantFrom('"wl-1"', '"wl-2"', '"mh-1"', '"nobody"', '"wl\\u002d1"', '7');

const item = fc
  .record({
    id: fc.oneof(deviceId, fc.constant(null)),
    ts,
    values: fc.array(fc.tuple(metric, value), { maxLength: 3 }),
    order: fc.constantFrom(0, 1, 2),
    extra: fc.constantFrom(null, '"note":"x"', '"ts":1'),
    w: ws,
  })
  .map(({ id, ts: t, values, order, extra, w }) => {
    const vals = `{${w}${values.map(([m, v]) => `"${m}"${w}:${w}${v}`).join(`,${w}`)}}`;
    const fields = [`"deviceId":${w}${id}`, `"ts":${t}`, `"values":${vals}`];
    const ordered = order === 0 ? fields : order === 1 ? [fields[2], fields[0], fields[1]] : [fields[1], fields[2], fields[0]];
    // Without a deviceId (as MQTT payloads are written: the topic names the device).
    if (id === null) ordered.splice(ordered.indexOf(fields[0]), 1);
    if (extra) ordered.push(extra);
    return `{${w}${ordered.join(`,${w}`)}${w}}`;
  });

const body = fc
  .record({ items: fc.array(item, { maxLength: 6 }), w: ws, tail: fc.constantFrom('', '', ' ', ',', ']', 'x') })
  .map(({ items, w, tail }) => `${w}[${w}${items.join(`${w},${w}`)}${w}]${tail}`);

describe('scanReadings', () => {
  it('reads a plain batch like the general path', () => {
    const text = `[{"deviceId":"wl-1","ts":${NOW},"values":{"water_level_cm":12.5}},{"ts":"${new Date(NOW).toISOString()}","values":{"open":true,"tilt_deg":3},"deviceId":"mh-1"}]`;
    const fast = scanReadings(text, ctx, 10);
    expect(fast?.readings).toEqual((general(text) as { readings: Reading[] }).readings);
    expect(fast?.items).toBe(2);
  });

  it('leaves anything doubtful to the general path', () => {
    for (const text of [
      `[{"deviceId":"nobody","ts":${NOW},"values":{"water_level_cm":1}}]`,
      `[{"deviceId":"wl-1","ts":${NOW},"values":{"water_level_cm":1e999}}]`,
      `[{"deviceId":"wl-1","ts":${NOW},"values":{}}]`,
      `[{"deviceId":"wl-1","ts":${NOW},"values":{"water_level_cm":1,"water_level_cm":2}}]`,
      `[{"deviceId":"wl-\\u0031","ts":${NOW},"values":{"water_level_cm":1}}]`,
      `[{"deviceId":"wl-1","ts":${NOW},"values":{"water_level_cm":1}}`,
      `{"deviceId":"wl-1","ts":${NOW},"values":{"water_level_cm":1}}`,
    ]) {
      expect(scanReadings(text, ctx, 10), text).toBeNull();
    }
    expect(
      scanReadings(
        `[{"deviceId":"wl-1","ts":${NOW},"values":{"water_level_cm":1}},{"deviceId":"wl-1","ts":${NOW + 1},"values":{"water_level_cm":1}}]`,
        ctx,
        1,
      ),
    ).toBeNull();
  });

  it('never disagrees with JSON.parse + validateItem', () => {
    fc.assert(
      fc.property(body, (text) => {
        const fast = scanReadings(text, ctx, 50);
        if (fast === null) return;
        const slow = general(text);
        expect(slow, text).not.toBe('not an array');
        if (slow === 'not an array') return;
        expect(slow.rejected, text).toEqual([]);
        expect(fast.readings, text).toEqual(slow.readings);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads numbers to the same double as JSON.parse', () => {
    const decimal = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^(0|[1-4][0-9]{0,2})$/),
        fc.option(fc.stringMatching(/^[0-9]{1,24}$/)),
        fc.option(fc.integer({ min: -30, max: 2 })),
      )
      .map(([neg, int, frac, exp]) => `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `e${exp}`}`);
    const written = fc.oneof(
      decimal,
      fc.double({ min: -20, max: 500, noNaN: true }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(written, (v) => {
        const text = `[{"deviceId":"wl-1","ts":${NOW},"values":{"water_level_cm":${v}}}]`;
        const want = JSON.parse(v) as number;
        const fast = scanReadings(text, ctx, 1);
        if (want < -20 || want > 500) expect(fast).toBeNull();
        else expect(Object.is(fast?.readings[0]?.value, want), `${v}: ${String(fast?.readings[0]?.value)} vs ${want}`).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads an MQTT payload (items of the topic’s device, or one item alone) like the general path', () => {
    const one = `{"ts":${NOW},"values":{"water_level_cm":12.5}}`;
    expect(scanReadings(one, ctx, 10, 'wl-1')?.readings).toEqual([{ deviceId: 'wl-1', metric: 'water_level_cm', ts: NOW, value: 12.5 }]);
    const many = `[${one},{"deviceId":"wl-1","ts":${NOW + 1},"values":{"water_level_cm":13}}]`;
    expect(scanReadings(many, ctx, 10, 'wl-1')?.readings).toEqual((general(many, 'wl-1') as { readings: Reading[] }).readings);
    // Another device named in the item, an item alone over HTTP: left to the general path.
    expect(scanReadings(`[{"deviceId":"wl-2","ts":${NOW},"values":{"water_level_cm":1}}]`, ctx, 10, 'wl-1')).toBeNull();
    expect(scanReadings(one, ctx, 10)).toBeNull();
  });

  it('never disagrees with JSON.parse + validateItem on MQTT payloads', () => {
    const payload = fc.oneof(body, item);
    let taken = 0;
    fc.assert(
      fc.property(payload, fc.constantFrom('wl-1', 'mh-1', 'nobody'), (text, topic) => {
        const fast = scanReadings(text, ctx, 50, topic);
        if (fast === null) return;
        taken++;
        const slow = general(text, topic);
        expect(slow, text).not.toBe('not an array');
        if (slow === 'not an array') return;
        expect(slow.rejected, text).toEqual([]);
        expect(fast.readings, text).toEqual(slow.readings);
      }),
      { numRuns: 3000, seed: 7 },
    );
    expect(taken).toBeGreaterThan(20);
  });

  it('takes most plain valid batches (the generator is not all noise)', () => {
    let taken = 0;
    fc.assert(
      fc.property(body, (text) => {
        if (scanReadings(text, ctx, 50)) taken++;
      }),
      { numRuns: 2000, seed: 42 },
    );
    expect(taken).toBeGreaterThan(20);
  });
});
