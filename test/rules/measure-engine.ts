/**
 * Measures the rules engine's speed (not part of `npm test`; its memory is measured by
 * `npm run bench -- rules-memory`):
 *   node --import tsx test/rules/measure-engine.ts [devices=200000] [readings=1000000]
 * - `processBatch` throughput on synthetic readings, for one threshold rule and for the demo
 *   rule set over the mixed city of bench/rules-city.ts, beside a plain loop over the same readings;
 * - a tick over every absence row.
 */
import { createMemoryBus } from '../../src/platform/bus/memory-bus.ts';
import { manualClock } from '../../src/platform/clock.ts';
import type { DeviceFacts, Reading, ReadingBatch } from '../../src/sensing/reading-model.ts';
import { createRulesEngine } from '../../src/rules/engine.ts';
import { createRulesService } from '../../src/rules/service.ts';
import { demoRules, ELDERLY_TAG } from '../../src/rules/demo-rules.ts';
import { mixedType, readingsOf } from '../../bench/rules-city.ts';
import { openTestDb } from '../support/test-db.ts';
import { CITY_ADMIN, device, treeLookup } from './rules-harness.ts';

const DEVICES = Number(process.argv[2] ?? 200_000);
const READINGS = Number(process.argv[3] ?? 1_000_000);
const T0 = Date.UTC(2026, 6, 1);

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

/** At least `n` readings in batches of about `size`: every device in turn, a minute apart per round. */
function batches(ids: string[], types: string[], n: number, size: number): ReadingBatch[] {
  const out: ReadingBatch[] = [];
  const freshIds = fresh(ids);
  let readings: Reading[] = [];
  for (let i = 0, count = 0; count < n; i++) {
    const d = i % ids.length;
    readingsOf(freshIds[d]!, types[d]!, T0 + Math.floor(i / ids.length) * 60_000 + (d % 1000), i, readings);
    if (readings.length >= size || count + readings.length >= n) {
      count += readings.length;
      out.push({ readings, receivedAt: T0 });
      readings = [];
    }
  }
  return out;
}

async function throughput(label: string, rules: Array<Record<string, unknown>>, typeOf: (i: number) => string) {
  const ids = Array.from({ length: DEVICES }, (_, i) => `dev-${String(i).padStart(7, '0')}`);
  const types = ids.map((_, i) => typeOf(i));
  const devices = new Map(ids.map((id, i) => [id, device(id, types[i]!, { tags: i % 3 === 0 ? [ELDERLY_TAG] : [] })]));
  const { t, engine } = await engineWith(rules, devices);
  const input = batches(ids, types, READINGS, 1000);
  const n = input.reduce((a, b) => a + b.readings.length, 0);
  // Baseline: a plain loop touching every reading.
  let t0 = performance.now();
  let sum = 0;
  for (const b of input) for (const r of b.readings) sum += typeof r.value === 'number' ? r.value : 1;
  const loopRate = n / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  let signals = 0;
  for (const b of input) signals += engine.processBatch(b).length;
  const ms = performance.now() - t0;
  const rate = n / (ms / 1000);
  console.log(
    `${label.padEnd(38)} ${(rate / 1e3).toFixed(0).padStart(5)} k readings/s  (${n} in ${ms.toFixed(0)} ms, ${signals} signals; plain loop ${(loopRate / 1e6).toFixed(0)} M/s, sum ${sum.toFixed(0)})`,
  );
  const t2 = performance.now();
  const ticked = engine.tick(T0 + 3 * 3_600_000);
  console.log(
    `${''.padEnd(38)} tick over ${engine.stats().boundRows} rows: ${(performance.now() - t2).toFixed(0)} ms, ${ticked.length} signals`,
  );
  await t.cleanup();
}

console.log(`rules engine, ${DEVICES} devices, Node ${process.version}`);
const demo = demoRules().map(({ id: _i, ...r }) => r);
await throughput('processBatch, 1 threshold rule', [THRESHOLD], () => 'water_level_gauge');
await throughput('processBatch, demo rules, mixed city', demo, mixedType);
