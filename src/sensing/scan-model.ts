/**
 * A fast path for HTTP batches and MQTT payloads: reads a JSON array of reading items straight
 * into readings, without building the objects `JSON.parse` would (two per item, a fifth of the
 * event loop's time at 300,000 readings/s) and without walking them again to validate.
 *
 * It takes only what it is sure of: every item valid (the rules of `validateItem`) and written
 * plainly — the keys `deviceId`, `ts`, `values` in any order, once each; strings without
 * escapes; numbers and booleans as values. On anything else — an invalid item, an escape, an
 * unknown key, broken JSON — it answers null and the caller takes the general path
 * (`JSON.parse` + `validateItem`), which says exactly what is wrong. So for a body it accepts,
 * the readings are those the general path would store, in the same order (the property test
 * beside this file compares both). Pure: no I/O.
 */
import type { Reading } from './reading-model.ts';
import { metricOf, type DeviceType, type MetricSpec } from './device-types.ts';
import { MAX_VALUES_PER_ITEM, MIN_TS, parseTimestamp, type ValidationContext } from './ingest-model.ts';

import { BAIL, COLON, COMMA, isDigit, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET, Scanner } from './json-scanner.ts';

/**
 * Reads a JSON array of reading items into validated readings, or answers null when the body is
 * anything but plainly written, valid items (then use `JSON.parse` and `validateItem`).
 * Also null past `maxItems` items. With `deviceId` (an MQTT payload: the device of the topic)
 * items may leave out their `deviceId` (one given must be that device), and the payload may be
 * a single item instead of an array — as `validateItem` takes them.
 * @example scanReadings('[{"deviceId":"wl-1","ts":1795744800000,"values":{"water_level_cm":12.5}}]', ctx, 50_000);
 * @example scanReadings('{"ts":1795744800000,"values":{"water_level_cm":12.5}}', ctx, 50_000, 'wl-1');
 */
export function scanReadings(
  text: string,
  ctx: ValidationContext,
  maxItems: number,
  deviceId: string | null = null,
): { readings: Reading[]; items: number } | null {
  const readings: Reading[] = [];
  const sc = new Scanner(text);
  let items = 0;
  try {
    sc.ws();
    if (deviceId !== null && text.charCodeAt(sc.i) === LBRACE && maxItems >= 1) {
      items = 1;
      item(sc, ctx, readings, deviceId);
    } else {
      sc.expect(LBRACKET);
      sc.ws();
      if (text.charCodeAt(sc.i) === RBRACKET) sc.i++;
      else {
        for (;;) {
          if (++items > maxItems) return null;
          item(sc, ctx, readings, deviceId);
          const c = sc.next();
          if (c === RBRACKET) break;
          if (c !== COMMA) return null;
        }
      }
    }
    sc.ws();
    return sc.i === text.length ? { readings, items } : null;
  } catch (e) {
    if (e === BAIL) return null;
    throw e;
  }
}

const ITEM_KEYS = ['deviceId', 'ts', 'values'] as const;
const DEVICE_ID = 0;
const TS = 1;
const VALUES = 2;

/** Metric names met in the current item, the first `seen` of them (a repeated key is left to JSON.parse: the last wins). */
const seenMetrics: string[] = [];
let seen = 0;

function metricSeen(metric: string): boolean {
  for (let k = 0; k < seen; k++) if (seenMetrics[k] === metric) return true;
  return false;
}

/** One item; `topicId`: the device the payload is for (null: the item names it). */
function item(sc: Scanner, ctx: ValidationContext, readings: Reading[], topicId: string | null): void {
  sc.expect(LBRACE);
  let id: string | null = topicId;
  let idSeen = false;
  let ts: number | null = null;
  let type: DeviceType | undefined;
  // Values met before the device and time are known are skipped and read once the item ends.
  let valuesAt = -1;
  let valuesRead = false;
  for (;;) {
    if (sc.next() !== QUOTE) throw BAIL;
    const key = sc.key(ITEM_KEYS);
    sc.expect(COLON);
    if (key === DEVICE_ID && !idSeen) {
      if (sc.next() !== QUOTE) throw BAIL;
      const named = sc.string();
      // Another device than the topic's: the general path refuses it, naming the field.
      if (topicId !== null && named !== topicId) throw BAIL;
      id = named;
      idSeen = true;
    } else if (key === TS && ts === null) {
      const c = sc.next();
      ts = c === QUOTE ? parseTimestamp(sc.string()) : sc.number(c);
      if (ts === null) throw BAIL;
      ts = Math.trunc(ts);
    } else if (key === VALUES && valuesAt < 0) {
      sc.ws();
      valuesAt = sc.i;
      if (id !== null && ts !== null) {
        type = check(ctx, id, ts);
        values(sc, type, id, ts, readings);
        valuesRead = true;
      } else skipValues(sc);
    } else throw BAIL;
    const c = sc.next();
    if (c === RBRACE) break;
    if (c !== COMMA) throw BAIL;
  }
  if (id === null || ts === null || valuesAt < 0) throw BAIL;
  if (valuesRead) return;
  type = check(ctx, id, ts);
  const end = sc.i;
  sc.i = valuesAt;
  values(sc, type, id, ts, readings);
  sc.i = end;
}

/** The type of an item's device, once its time is known to be acceptable. */
function check(ctx: ValidationContext, id: string, ts: number): DeviceType {
  const type = ctx.typeOf(id);
  if (!type || !(ts >= MIN_TS) || ts > ctx.now + ctx.maxFutureMs) throw BAIL;
  return type;
}

interface Specs {
  names: string[];
  specs: MetricSpec[];
}
const specCache = new WeakMap<DeviceType, Specs>();
/** The type asked last and its specs: items of one type follow each other. */
let lastType: DeviceType | null = null;
let lastSpecs: Specs | null = null;

/** A type's metric names and specs (own properties, not index-like: `for…in` would list those first). */
function specsOf(type: DeviceType): Specs {
  if (type === lastType) return lastSpecs!;
  lastType = type;
  lastSpecs = cachedSpecs(type);
  return lastSpecs;
}

function cachedSpecs(type: DeviceType): Specs {
  let m = specCache.get(type);
  if (!m) {
    m = { names: [], specs: [] };
    for (const name of Object.keys(type.metrics)) {
      const spec = metricOf(type, name);
      if (spec && !isDigit(name.charCodeAt(0))) {
        m.names.push(name);
        m.specs.push(spec);
      }
    }
    specCache.set(type, m);
  }
  return m;
}

/** Reads a values object into readings of the item. */
function values(sc: Scanner, type: DeviceType, id: string, ts: number, readings: Reading[]): void {
  const { names, specs } = specsOf(type);
  sc.expect(LBRACE);
  seen = 0;
  for (;;) {
    if (sc.next() !== QUOTE) throw BAIL;
    const k = sc.key(names);
    const metric = names[k]!;
    const spec = specs[k]!;
    sc.expect(COLON);
    const value = sc.scalar();
    if (seen >= MAX_VALUES_PER_ITEM || metricSeen(metric)) throw BAIL;
    seenMetrics[seen++] = metric;
    if (spec.kind === 'boolean') {
      if (typeof value !== 'boolean') throw BAIL;
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) throw BAIL;
    readings.push({ deviceId: id, metric, ts, value });
    const c = sc.next();
    if (c === RBRACE) return;
    if (c !== COMMA) throw BAIL;
  }
}

/** Skips a values object (checked when read again, once the item's device is known). */
function skipValues(sc: Scanner): void {
  sc.expect(LBRACE);
  for (;;) {
    if (sc.next() !== QUOTE) throw BAIL;
    sc.string();
    sc.expect(COLON);
    sc.scalar();
    const c = sc.next();
    if (c === RBRACE) return;
    if (c !== COMMA) throw BAIL;
  }
}
