/**
 * The rules engine: evaluates every reading batch and detection against the enabled rules,
 * holding per-(rule, device) state packed in typed arrays, and publishes `RuleSignal[]` on the
 * bus subject `signals`. Rules are indexed by device type and metric, so a reading touches
 * only the rules that can care. State is saved in snapshots of what changed (periodically and
 * on stop) and read back at start, so a restart does not start durations, windows or gaps over.
 * Rules are reloaded when the service announces a change (`rules.changed`) and by polling.
 */
import type { Subscription } from '../platform/bus/bus.ts';
import type { DetectionEvent, ReadingBatch } from '../sensing/reading-model.ts';
import type { RuleSignal } from './signal-model.ts';
import type { Rule } from './model.ts';
import { DeviceSlots, NO_TYPE } from './device-slots.ts';
import type { RuleRuntime } from './rule-runtime.ts';
import { matchesSelector } from './selector.ts';
import { detectionOnEvent } from './evaluate-detection.ts';
import { orphanClear, renderSignal } from './verdict.ts';
import { applyRules, type DroppedRule } from './engine-rules.ts';
import { loadSnapshot, writeSnapshot, type SnapshotResult } from './engine-snapshots.ts';
import { listRules } from './store.ts';
import {
  DEFAULT_ENGINE_OPTIONS,
  RULES_CHANGED_SUBJECT,
  SIGNALS_SUBJECT,
  type EngineOptions,
  type EngineStats,
  type FiringSubject,
  type RulesEngineDeps,
} from './engine-types.ts';

export * from './engine-types.ts';

/** The engine. */
export type RulesEngine = ReturnType<typeof createRulesEngine>;

/**
 * Creates the engine (call `start()` to load rules and state and begin consuming).
 * @example const engine = createRulesEngine({ database, clock, bus, deviceFacts: sensing.deviceFacts }); await engine.start();
 */
export function createRulesEngine(deps: RulesEngineDeps) {
  const opts: EngineOptions = { ...DEFAULT_ENGINE_OPTIONS, ...deps.options };
  const onError = deps.onError ?? ((e, where) => console.error(`rules engine: ${where} failed:`, e));
  const devices = new DeviceSlots();
  const runtimes = new Map<string, RuleRuntime>();
  let detectionRules: Rule[] = [];
  let rules: Rule[] = [];
  const droppedRules: DroppedRule[] = [];
  const stats = { readings: 0, detections: 0, signals: 0, unknownDevices: 0 };
  const ctx = {
    facts: (slot: number) => deps.deviceFacts(devices.idOf(slot)),
    idOf: (slot: number) => devices.idOf(slot),
  };
  // (type number → metric → runtimes), built lazily and thrown away when rules change.
  let candidates = new Map<number, Map<string, RuleRuntime[]>>();
  const seen = new Set<string>();
  const subscriptions: Subscription[] = [];
  const timers: NodeJS.Timeout[] = [];
  let snapshotting: Promise<SnapshotResult> | null = null;
  /** Each snapshot is stamped later than the last one saved (a stored row yields only to a newer one). */
  let stampedAt = 0;

  function candidatesFor(type: number, metric: string): RuleRuntime[] {
    let byMetric = candidates.get(type);
    if (!byMetric) candidates.set(type, (byMetric = new Map<string, RuleRuntime[]>()));
    let list = byMetric.get(metric);
    if (!list) {
      const name = devices.typeName(type) ?? '';
      list = [...runtimes.values()].filter((rt) => rt.readsType(name) && (rt.metrics === null || rt.metrics.includes(metric)));
      byMetric.set(metric, list);
    }
    return list;
  }

  const owns = deps.ownsDevice ?? (() => true);

  /** The slot of a device, admitting it on first sight; -1 for unknown devices. */
  function slotOf(id: string): number {
    const slot = devices.lookup(id);
    if (slot >= 0) return slot;
    const facts = deps.deviceFacts(id);
    // The registry's copy of the id: a reading's own (parsed from its payload) would be kept for
    // as long as the device is, one more string per device.
    return facts ? devices.admit(facts.id, facts.type) : -1;
  }

  function bindEager(ids: Iterable<string>, only: readonly RuleRuntime[], now: number): void {
    const eager = only.filter((rt) => rt.ops.eager);
    if (eager.length === 0) return;
    for (const id of ids) {
      if (!owns(id)) continue;
      const slot = slotOf(id);
      if (slot >= 0) for (const rt of eager) rt.rowFor(slot, now);
    }
  }

  /** Installs a new rule set; returns the signals of rules that went away or changed. */
  function setRules(next: readonly Rule[], now = deps.clock.now()): RuleSignal[] {
    const out: RuleSignal[] = [];
    const result = applyRules({ runtimes, rules: next, ctx, now, out, latenessMs: opts.latenessMs });
    droppedRules.push(...result.dropped);
    rules = next.filter((r) => r.enabled);
    detectionRules = rules.filter((r) => r.kind === 'detection');
    candidates = new Map();
    if (deps.deviceIds) bindEager(deps.deviceIds(), result.added, now);
    return out;
  }

  function processBatch(batch: ReadingBatch): RuleSignal[] {
    const out: RuleSignal[] = [];
    let lastType = -1;
    let lastMetric = '';
    let list: RuleRuntime[] = [];
    // Gateways send several metrics of one device together: one lookup serves them all.
    let lastId = '';
    let lastSlot = -1;
    for (const r of batch.readings) {
      const slot = r.deviceId === lastId ? lastSlot : slotOf(r.deviceId);
      lastId = r.deviceId;
      lastSlot = slot;
      if (slot < 0) {
        stats.unknownDevices++;
        continue;
      }
      const type = devices.typeNumberOf(slot);
      if (type === NO_TYPE) continue;
      if (type !== lastType || r.metric !== lastMetric) {
        list = candidatesFor(type, r.metric);
        lastType = type;
        lastMetric = r.metric;
      }
      for (let i = 0; i < list.length; i++) list[i]!.reading(slot, r, batch.receivedAt, out);
    }
    stats.readings += batch.readings.length;
    stats.signals += out.length;
    return out;
  }

  function processDetection(ev: DetectionEvent): RuleSignal[] {
    const out: RuleSignal[] = [];
    for (const rule of detectionRules) {
      if (rule.kind !== 'detection' || !matchesSelector(rule.appliesTo, ev.camera)) continue;
      for (const d of detectionOnEvent(null, ev, rule.params).signals) out.push(renderSignal(rule, d, ev.camera, ev.receivedAt));
    }
    stats.detections++;
    stats.signals += out.length;
    return out;
  }

  function tick(now = deps.clock.now()): RuleSignal[] {
    const out: RuleSignal[] = [];
    for (const rt of runtimes.values()) rt.tick(now, out);
    stats.signals += out.length;
    return out;
  }

  async function publish(signals: RuleSignal[]): Promise<void> {
    if (signals.length > 0 && deps.bus) await deps.bus.publish(SIGNALS_SUBJECT, signals);
  }

  /** Skips a redelivered bus message (consumers are idempotent by message id). */
  function firstTime(id: string): boolean {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > 10_000) for (const old of seen) if (seen.delete(old) && seen.size <= 8_000) break;
    return true;
  }

  async function reloadRules(): Promise<RuleSignal[]> {
    const signals = setRules(await listRules(deps.database.db));
    await publish(signals);
    return signals;
  }

  /** Saves changed state: material changes only, or everything changed when `all` (on stop). */
  async function snapshot(all = false): Promise<SnapshotResult> {
    while (snapshotting) await snapshotting.catch(() => undefined);
    const dropped = droppedRules.splice(0);
    stampedAt = Math.max(deps.clock.now(), stampedAt + 1);
    const run = writeSnapshot({ database: deps.database, devices, runtimes, deviceFacts: deps.deviceFacts, owns }, dropped, stampedAt, all);
    snapshotting = run;
    try {
      return await run;
    } catch (e) {
      droppedRules.push(...dropped);
      throw e;
    } finally {
      snapshotting = null;
    }
  }

  function every(ms: number, where: string, f: () => Promise<unknown>): void {
    if (!(ms > 0)) return;
    const t = setInterval(() => void f().catch((e: unknown) => onError(e, where)), ms);
    t.unref();
    timers.push(t);
  }

  return {
    /** Loads rules and saved state, binds absence rules to every known device, starts consuming. */
    async start(): Promise<void> {
      const now = deps.clock.now();
      const all = await listRules(deps.database.db);
      setRules(all, now);
      const ctx = { database: deps.database, devices, runtimes, deviceFacts: deps.deviceFacts, owns };
      const loaded = await loadSnapshot(ctx, all, (rt, row) =>
        rt.ops.resume(rt.table.chunk(row), rt.table.offset(row), now, opts.restartGraceMs),
      );
      stampedAt = Math.max(stampedAt, loaded.lastSavedAt);
      const orphans = loaded.orphans.map((o) => orphanClear(o.ruleId, o.subject, o.rule, deps.deviceFacts(o.subject), o.reason, now));
      droppedRules.length = 0;
      if (opts.subscribe && deps.bus) {
        const bus = deps.bus;
        // Work groups (NATS): a process of this group takes each batch; the group is named after
        // the shards it owns, so processes owning other shards form groups of their own.
        const shardsGroup = `rules.${opts.readingsPattern.replace(/\*/g, 'any').replace(/>/g, 'rest')}`;
        subscriptions.push(
          bus.subscribe<ReadingBatch>(
            opts.readingsPattern,
            async (m) => {
              if (firstTime(m.id)) await publish(processBatch(m.data));
            },
            { group: shardsGroup },
          ),
          bus.subscribe<DetectionEvent>(
            'detections',
            async (m) => {
              if (firstTime(m.id)) await publish(processDetection(m.data));
            },
            { group: 'rules.detections' },
          ),
          bus.subscribe(RULES_CHANGED_SUBJECT, async () => void (await reloadRules())),
        );
      }
      await publish(orphans);
      every(opts.tickMs, 'tick', () => publish(tick()));
      every(opts.snapshotMs, 'snapshot', () => snapshot());
      every(opts.rulesPollMs, 'rules reload', reloadRules);
    },
    /** Stops consuming and timers, then saves everything that changed. */
    async stop(): Promise<void> {
      for (const s of subscriptions.splice(0)) s.unsubscribe();
      for (const t of timers.splice(0)) clearInterval(t);
      await snapshot(true);
    },
    processBatch,
    processDetection,
    tick,
    /** Evaluates the clock now and publishes what it decided. */
    async tickAndPublish(now = deps.clock.now()): Promise<RuleSignal[]> {
      const signals = tick(now);
      await publish(signals);
      return signals;
    },
    setRules,
    reloadRules,
    snapshot,
    /** A device was created, changed or deleted in sensing: re-decide which rules apply (publishes clears). */
    async deviceChanged(id: string): Promise<RuleSignal[]> {
      const out: RuleSignal[] = [];
      const now = deps.clock.now();
      const facts = deps.deviceFacts(id);
      let slot = devices.lookup(id);
      if ((slot < 0 && !facts) || !owns(id)) return out;
      if (facts) slot = devices.admit(facts.id, facts.type);
      for (const rt of runtimes.values()) rt.redecide(slot, now, out);
      if (!facts) devices.retire(slot);
      else for (const rt of runtimes.values()) if (rt.ops.eager) rt.rowFor(slot, now);
      candidates = new Map();
      await publish(out);
      return out;
    },
    /** The rules in force (enabled). */
    rules: (): readonly Rule[] => rules,
    /** The subjects a rule is raised for (at most `limit`), or undefined if the rule is not running here. */
    firing(ruleId: string, limit = 1000): { bound: number; firing: FiringSubject[] } | undefined {
      const rt = runtimes.get(ruleId);
      if (!rt) return rules.some((r) => r.id === ruleId) ? { bound: 0, firing: [] } : undefined;
      const firing: FiringSubject[] = [];
      rt.table.forEachRow((slot, row) => {
        if (firing.length >= limit || !rt.rowFiring(row)) return;
        const deviceId = devices.idOf(slot);
        const state = rt.describeRow(row);
        firing.push({ deviceId, jurisdictionPath: deps.deviceFacts(deviceId)?.jurisdictionPath ?? '', state });
      });
      return { bound: rt.table.bound, firing };
    },
    stats(): EngineStats {
      let boundRows = 0;
      let stateBytes = 0;
      for (const rt of runtimes.values()) {
        boundRows += rt.table.bound;
        stateBytes += rt.table.bytes;
      }
      return { rules: rules.length, devices: devices.size, boundRows, stateBytes, ...stats };
    },
  };
}
