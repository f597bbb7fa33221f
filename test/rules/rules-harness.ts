/**
 * A rules module on a real test database with a memory bus and a moved clock: the rules service,
 * an engine consuming `readings.*` and `detections`, devices from a Map (as sensing will give
 * them), and every signal the engine publishes collected in order. `restart()` stops the engine
 * (saving its state) and starts a fresh one on the same database, as a new process would.
 */
import { createMemoryBus } from '../../src/platform/bus/memory-bus.ts';
import type { Bus } from '../../src/platform/bus/bus.ts';
import { manualClock } from '../../src/platform/clock.ts';
import type { Dialect } from '../../src/platform/db/create-db.ts';
import type { DeviceFacts, Reading } from '../../src/sensing/reading-model.ts';
import { readingsSubject } from '../../src/sensing/reading-model.ts';
import type { RuleSignal } from '../../src/rules/signal-model.ts';
import { createRulesEngine, SIGNALS_SUBJECT, type EngineOptions, type RulesEngine } from '../../src/rules/engine.ts';
import { createRulesService, type JurisdictionLookup, type RuleActor, type RulesService } from '../../src/rules/service.ts';
import { isSmallClassCode } from '../../src/cases/catalogue-model.ts';
import { openTestDb, type TestDb } from '../support/test-db.ts';

/** A small jurisdiction tree: city c, districts d1/d2, street s1 in d1. */
export const PATHS: Record<string, string> = { c: '/c/', d1: '/c/d1/', d2: '/c/d2/', s1: '/c/d1/s1/' };

/** Finds the small tree's jurisdictions by id. */
export const treeLookup: JurisdictionLookup = {
  find: (x) => (PATHS[x] ? { id: x, path: PATHS[x] } : undefined),
};

/** A city-level rule writer. */
export const CITY_ADMIN: RuleActor = { userId: 'u-admin', scopePath: '/c/' };

/** Facts of a test device. */
export function device(id: string, type: string, over: Partial<DeviceFacts> = {}): DeviceFacts {
  return {
    id,
    type,
    tags: [],
    jurisdictionPath: '/c/d1/s1/',
    jurisdictionId: 's1',
    location: [121.48, 31.24],
    ownerUnitId: null,
    householdRef: null,
    ...over,
  };
}

/** The rules module under test. */
export interface RulesHarness {
  t: TestDb;
  clock: ReturnType<typeof manualClock>;
  bus: Bus;
  devices: Map<string, DeviceFacts>;
  engine: RulesEngine;
  rules: RulesService;
  signals: RuleSignal[];
  /** Publishes readings as sensing does and waits until the engine has taken them. */
  send(readings: Reading[]): Promise<void>;
  /** Moves the clock and lets the engine's timer run. */
  advanceTo(ts: number): Promise<RuleSignal[]>;
  /** Stops the engine (saving its state), runs `meanwhile` (e.g. changes while it is down), starts a fresh one. */
  restart(meanwhile?: () => Promise<void>): Promise<void>;
  dispose(): Promise<void>;
}

const QUIET: Partial<EngineOptions> = { tickMs: 1e9, snapshotMs: 1e9, rulesPollMs: 1e9, latenessMs: 0, restartGraceMs: 0 };

/** Opens the harness at `now` on the dialect. */
export async function openRulesHarness(dialect: Dialect, now: number, options: Partial<EngineOptions> = {}): Promise<RulesHarness> {
  const t = await openTestDb(dialect);
  const clock = manualClock(now);
  const bus = createMemoryBus({ now: () => clock.now() });
  const devices = new Map<string, DeviceFacts>();
  const signals: RuleSignal[] = [];
  bus.subscribe<RuleSignal[]>(SIGNALS_SUBJECT, (m) => void signals.push(...m.data));
  const makeEngine = () =>
    createRulesEngine({
      database: t.database,
      clock,
      bus,
      deviceFacts: (id) => devices.get(id),
      deviceIds: () => devices.keys(),
      options: { ...QUIET, ...options },
    });
  const h: RulesHarness = {
    t,
    clock,
    bus,
    devices,
    engine: makeEngine(),
    rules: undefined as unknown as RulesService,
    signals,
    async send(readings) {
      await bus.publish(readingsSubject(0), { readings, receivedAt: clock.now() });
    },
    async advanceTo(ts) {
      clock.set(ts);
      return h.engine.tickAndPublish(ts);
    },
    async restart(meanwhile) {
      await h.engine.stop();
      await meanwhile?.();
      h.engine = makeEngine();
      await h.engine.start();
    },
    async dispose() {
      await h.engine.stop();
      await t.cleanup();
    },
  };
  // The service sees whichever engine is current.
  h.rules = createRulesService({
    database: t.database,
    clock,
    geo: treeLookup,
    isCategory: isSmallClassCode,
    bus,
    engine: { firing: (id, limit) => h.engine.firing(id, limit), reloadRules: () => h.engine.reloadRules() },
  });
  await h.engine.start();
  return h;
}
