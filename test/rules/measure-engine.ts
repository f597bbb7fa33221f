/**
 * Measures the rules engine (not part of `npm test`):
 *   node --expose-gc --import tsx test/rules/measure-engine.ts [devices=200000] [readings=1000000]
 * - state memory per device for one threshold rule, one absence rule and the elderly 12-hour
 *   aggregate (heap + typed arrays, after GC, device facts excluded: they belong to sensing);
 * - `processBatch` throughput on synthetic readings, for one threshold rule and for the demo
 *   rule set over a mixed city, beside a plain loop over the same readings;
 * - a tick over every absence row, and a snapshot of every row to SQLite.
 */
import { createMemoryBus } from '../../src/platform/bus/memory-bus.ts';
import { manualClock } from '../../src/platform/clock.ts';
import type { DeviceFacts, Reading, ReadingBatch } from '../../src/sensing/reading-model.ts';
import { createRulesEngine } from '../../src/rules/engine.ts';
import { createRulesService } from '../../src/rules/service.ts';
import { demoRules, ELDERLY_TAG } from '../../src/rules/demo-rules.ts';
import { openTestDb } from '../support/test-db.ts';
import { CITY_ADMIN, treeLookup } from './rules-harness.ts';

const DEVICES = Number(process.argv[2] ?? 200_000);
const READINGS = Number(process.argv[3] ?? 1_000_000);
const T0 = Date.UTC(2026, 6, 1);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function used(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function facts(id: string, type: string, tags: string[] = []): DeviceFacts {
  return {
    id,
    type,
    tags,
    jurisdictionPath: '/c/d1/s1/',
    jurisdictionId: 's1',
    location: [121.4, 31.2],
    ownerUnitId: null,
    householdRef: null,
  };
}

/** Fresh, flat id strings as a JSON parser would hand them over. */
const fresh = (ids: string[]): string[] => JSON.parse(JSON.stringify(ids)) as string[];

async function engineWith(rules: Array<Record<string, unknown>>, devices: Map<string, DeviceFacts>) {
  const t = await openTestDb('sqlite');
  const clock = manualClock(T0);
  const service = createRulesService({ database: t.database, clock, geo: treeLookup });
  for (const r of rules) await service.create(r, CITY_ADMIN);
  const engine = createRulesEngine({
    database: t.database,
    clock,
    bus: createMemoryBus(),
    deviceFacts: (id) => devices.get(id),
    options: { subscribe: false, tickMs: 1e9, snapshotMs: 1e9, rulesPollMs: 1e9 },
  });
  await engine.start();
  return { t, clock, engine };
}

const THRESHOLD = {
  name: '积水',
  kind: 'threshold',
  params: { metric: 'water_level_cm', op: '>', threshold: 15, for: '5m', clear: { op: '<', threshold: 10 } },
  appliesTo: { deviceTypes: ['water_level_gauge'] },
  level: 'orange',
  messageTemplate: '{device} {value}',
};
const ABSENCE = {
  name: '离线',
  kind: 'absence',
  params: { after: '30m' },
  appliesTo: { deviceTypes: ['water_level_gauge'] },
  level: 'blue',
  messageTemplate: '{device}',
};
const ELDERLY = demoRules().find((r) => r.id === 'demo-elderly-no-water')!;

/** What each device type reports in the synthetic city. */
const METRIC_OF: Record<string, [string, (i: number) => number | boolean]> = {
  water_level_gauge: ['water_level_cm', (i) => (i % 97) / 4],
  water_meter: ['volume_m3', (i) => (i % 13) / 1000],
  manhole_cover: ['tilt_deg', (i) => i % 11],
  door_sensor: ['open', (i) => i % 7 === 0],
};
const MIX = ['water_meter', 'water_meter', 'water_meter', 'water_level_gauge', 'manhole_cover', 'manhole_cover', 'door_sensor'];

async function memoryPerDevice(label: string, rules: Array<Record<string, unknown>>, typeOf: (i: number) => string) {
  const ids = Array.from({ length: DEVICES }, (_, i) => `dev-${String(i).padStart(7, '0')}`);
  const devices = new Map(ids.map((id, i) => [id, facts(id, typeOf(i), [ELDERLY_TAG])]));
  const { t, engine } = await engineWith(rules, devices);
  const readingIds = fresh(ids);
  const before = used();
  for (let i = 0; i < DEVICES; i += 1000) {
    const readings: Reading[] = [];
    for (let k = i; k < Math.min(i + 1000, DEVICES); k++) {
      const [metric, value] = METRIC_OF[typeOf(k)]!;
      readings.push({ deviceId: readingIds[k]!, metric, ts: T0 + k, value: value(k) });
    }
    engine.processBatch({ readings, receivedAt: T0 });
  }
  readingIds.length = 0;
  const after = used();
  const s = engine.stats();
  const perDevice = (after - before) / DEVICES;
  console.log(
    `${label.padEnd(34)} ${perDevice.toFixed(0).padStart(5)} B/device  (typed arrays ${(s.stateBytes / DEVICES).toFixed(0)} B, rows ${s.boundRows})`,
  );
  // Snapshot of every row (as on stop) to SQLite.
  const t1 = performance.now();
  const res = await engine.snapshot(true);
  console.log(`${''.padEnd(34)} snapshot of ${res.written} rows to sqlite: ${(performance.now() - t1).toFixed(0)} ms`);
  await t.cleanup();
  return perDevice;
}

function batches(ids: string[], types: string[], n: number, size: number): ReadingBatch[] {
  const metricOf = METRIC_OF;
  const out: ReadingBatch[] = [];
  const freshIds = fresh(ids);
  for (let b = 0; b < n; b += size) {
    const readings: Reading[] = [];
    for (let i = b; i < Math.min(b + size, n); i++) {
      const d = i % ids.length;
      const [metric, value] = metricOf[types[d]!]!;
      readings.push({ deviceId: freshIds[d]!, metric, ts: T0 + Math.floor(i / ids.length) * 60_000 + (d % 1000), value: value(i) });
    }
    out.push({ readings, receivedAt: T0 });
  }
  return out;
}

async function throughput(label: string, rules: Array<Record<string, unknown>>, typeOf: (i: number) => string) {
  const ids = Array.from({ length: DEVICES }, (_, i) => `dev-${String(i).padStart(7, '0')}`);
  const types = ids.map((_, i) => typeOf(i));
  const devices = new Map(ids.map((id, i) => [id, facts(id, types[i]!, i % 3 === 0 ? [ELDERLY_TAG] : [])]));
  const { t, engine } = await engineWith(rules, devices);
  const input = batches(ids, types, READINGS, 1000);
  // Baseline: a plain loop touching every reading.
  let t0 = performance.now();
  let sum = 0;
  for (const b of input) for (const r of b.readings) sum += typeof r.value === 'number' ? r.value : 1;
  const loopRate = READINGS / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  let signals = 0;
  for (const b of input) signals += engine.processBatch(b).length;
  const ms = performance.now() - t0;
  const rate = READINGS / (ms / 1000);
  console.log(
    `${label.padEnd(34)} ${(rate / 1e3).toFixed(0).padStart(5)} k readings/s  (${READINGS} in ${ms.toFixed(0)} ms, ${signals} signals; plain loop ${(loopRate / 1e6).toFixed(0)} M/s, sum ${sum.toFixed(0)})`,
  );
  const t2 = performance.now();
  const ticked = engine.tick(T0 + 3 * 3_600_000);
  console.log(
    `${''.padEnd(34)} tick over ${engine.stats().boundRows} rows: ${(performance.now() - t2).toFixed(0)} ms, ${ticked.length} signals`,
  );
  await t.cleanup();
}

console.log(`rules engine, ${DEVICES} devices, Node ${process.version}`);
const { id: _id, ...elderly } = ELDERLY;
const demo = demoRules().map(({ id: _i, ...r }) => r);
const mixed = (i: number) => MIX[i % MIX.length]!;
const only = process.argv[4];
if (!only || only === 'memory') {
  await memoryPerDevice('threshold (1 rule)', [THRESHOLD], () => 'water_level_gauge');
  await memoryPerDevice('absence (1 rule)', [ABSENCE], () => 'water_level_gauge');
  await memoryPerDevice('aggregate sum 12 h / 12 buckets', [elderly], () => 'water_meter');
  await memoryPerDevice('demo rules, mixed city', demo, mixed);
}
if (!only || only === 'rate') {
  await throughput('processBatch, 1 threshold rule', [THRESHOLD], () => 'water_level_gauge');
  await throughput('processBatch, demo rules, mixed city', demo, mixed);
}
