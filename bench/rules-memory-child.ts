/**
 * One measurement of rules-memory.bench.ts, in a process of its own so the heap holds nothing
 * else: `node --expose-gc --import tsx bench/rules-memory-child.ts <devices>`. Fills a fresh
 * SQLite database with the devices of the mixed city (bench/rules-city.ts) and the demo rules,
 * then, as `npm start` does, loads the device registry from storage, starts the rules engine on
 * it (binding the absence rules to every device) and feeds every device's readings once (so
 * the windows of the aggregates and the thresholds' rows exist), and passes them through
 * sensing's reading frontier (the newest time per device and metric, kept for good). Memory is
 * measured after GC (heap + array buffers, where the engine's typed arrays live) before the
 * registry and after each part; prints one JSON line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, migrateToLatest } from '../src/platform/db/create-db.ts';
import { manualClock } from '../src/platform/clock.ts';
import { DeviceRegistry } from '../src/sensing/device-registry.ts';
import { forEachDevice, toRow } from '../src/sensing/store.ts';
import { ReadingFrontier } from '../src/sensing/reading-frontier.ts';
import type { Reading } from '../src/sensing/reading-model.ts';
import { createRulesEngine } from '../src/rules/engine.ts';
import { createRulesService } from '../src/rules/service.ts';
import { demoRules } from '../src/rules/demo-rules.ts';
import { cityDevice, cityTree, readingsOf } from './rules-city.ts';

/** What one run reports, bytes. */
export interface RulesMemoryResult {
  devices: number;
  /** Heap + array buffers after GC: rules loaded, no device yet. */
  empty: number;
  /** … with the device registry loaded. */
  withRegistry: number;
  /** … with the engine started and every device's readings evaluated. */
  withEngine: number;
  /** … with every device's readings through the reading frontier. */
  withFrontier: number;
  /** Resident set size at the end (after GC). */
  rss: number;
  /** The engine's own count of its typed arrays' bytes and bound (rule, device) rows. */
  stateBytes: number;
  boundRows: number;
}

const DEVICES = Number(process.argv[2] ?? 100_000);
const T0 = Date.UTC(2026, 6, 1);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function used(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-rules-memory-'));
try {
  const database = await createDb({ dataDir, databaseUrl: null, databaseSchema: null });
  await migrateToLatest(database);
  if (database.raw.dialect !== 'sqlite') throw new Error('the rules memory bench fills SQLite');
  const { cityPath, communities } = cityTree();
  const pathOf = new Map(communities.map((c) => [c.id, c.path]));

  // Devices straight through the driver: the API's hashing of a million secrets is not what is
  // measured, nor are the jurisdictions and units the rows point at (foreign keys off).
  const sqlite = database.raw.sqlite;
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('synchronous = OFF');
  const columns = Object.keys(toRow(cityDevice(0, communities, T0), ''));
  const insert = sqlite.prepare(`insert into devices (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const fill = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(Object.values(toRow(cityDevice(i, communities, T0), 'x')));
  });
  for (let i = 0; i < DEVICES; i += 50_000) fill(i, Math.min(i + 50_000, DEVICES));
  sqlite.pragma('synchronous = NORMAL');

  const clock = manualClock(T0);
  const rules = createRulesService({ database, clock, geo: { find: () => undefined } });
  await rules.ensure(demoRules(), { userId: null, scopePath: cityPath });
  const empty = used();

  // As sensing loads it at start (service.ts), path strings shared with the jurisdiction tree.
  const registry = new DeviceRegistry((id) => pathOf.get(id));
  await forEachDevice(database.db, (d) => registry.put(d));
  const withRegistry = used();

  const engine = createRulesEngine({
    database,
    clock,
    deviceFacts: (id) => registry.facts(id),
    deviceIds: () => registry.ids(),
    options: { subscribe: false, tickMs: 0, snapshotMs: 0, rulesPollMs: 0 },
  });
  await engine.start();
  /** Every device's readings, 1,000 devices at a time. */
  function* batches(): Generator<Reading[]> {
    for (let i = 0; i < DEVICES; i += 1000) {
      const readings: Reading[] = [];
      for (let k = i; k < Math.min(i + 1000, DEVICES); k++) {
        // A device built afresh: its id is a string of its own, as a payload parser's is.
        const d = cityDevice(k, communities, T0);
        readingsOf(d.id, d.type, T0 + 60_000 + (k % 1000), k, readings);
      }
      yield readings;
    }
  }
  for (const readings of batches()) engine.processBatch({ readings, receivedAt: T0 + 60_000 });
  const withEngine = used();

  // As sensing's service makes it; storage knows no reading yet.
  const frontier = new ReadingFrontier(
    () => Promise.resolve([]),
    (e) => console.error(e),
    (id) => registry.facts(id)?.id ?? id,
  );
  for (const readings of batches()) {
    for (const r of readings) frontier.advance(r.deviceId, r.metric, r.ts);
    await frontier.settled();
  }
  const withFrontier = used();
  const s = engine.stats();
  const result: RulesMemoryResult = {
    devices: registry.size,
    empty,
    withRegistry,
    withEngine,
    withFrontier,
    rss: process.memoryUsage().rss,
    stateBytes: s.stateBytes,
    boundRows: s.boundRows,
  };
  console.log(JSON.stringify(result));
  if (frontier.size === 0) throw new Error('the frontier took no key');
  await database.close();
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
