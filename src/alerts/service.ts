/**
 * The alerts module's use-cases: apply batches of rule signals (one transaction per batch),
 * acknowledge and close alerts, list and read them, edit policies. Active alerts and recent
 * signal times live in an in-memory index by (rule, subject) (alert-index.ts), so a signal
 * needs no read.
 * Every change is published on `alerts` after its transaction commits; its history entry is
 * the outbox, so what a crash kept from being published is published again at start.
 */
import type { Database } from '../platform/db/create-db.ts';
import { withWriteTurn } from '../platform/db/appender.ts';
import type { Clock } from '../platform/clock.ts';
import type { Bus, Subscription } from '../platform/bus/bus.ts';
import { newId } from '../platform/ids.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { RuleSignal } from '../rules/signal-model.ts';
import * as model from './model.ts';
import * as commands from './command-model.ts';
import type { AlertChange, AlertKeyState, IgnoreReason } from './model.ts';
import type { Alert, AlertHistoryEntry } from './alert-record.ts';
import { AlertIndex } from './alert-index.ts';
import { planActions, withPlan, type ActionPlan, type PolicyInput } from './policy-model.ts';
import { eventTypeOf, SIGNALS_SUBJECT, type AlertActionRequest, type AlertEvent } from './event-model.ts';
import type { AlertListQuery, Page } from './list-model.ts';
import { createLatencyHistogram, type LatencySnapshot } from './latency-histogram.ts';
import { createPolicySet, type PolicyView } from './policy-service.ts';
import { createAlertPublisher } from './publisher-service.ts';
import { actionRequests } from './action-requests.ts';
import * as store from './store.ts';
import { listAlerts } from './list-store.ts';

/** What the alerts service needs. */
export interface AlertsDeps {
  database: Database;
  clock: Clock;
  bus: Bus;
  /** Jurisdictions by id (the geo service). */
  geo: { get(id: string): { path: string } | undefined };
  /** The responsibility matrix (the directory service), to name the unit of a case or community task. */
  directory?: { resolveResponsible(category: string, jurisdictionId: string): { unit: { id: string } } | null };
  /** Whether a small class code exists (the case catalogue's `isSmallClassCode`). */
  isCategory?: (code: string) => boolean;
  /** Idle keys' latest signal times are kept in memory this long (default 24 h); older ones are read per batch. */
  memoryHorizonMs?: number;
  /** Where failures outside a caller's reach (publishing) are reported; default console.error. */
  onError?: (message: string, e: unknown) => void;
}

/** What one batch did. */
export interface BatchResult {
  applied: number;
  ignored: Record<IgnoreReason, number>;
  events: AlertEvent[];
}

/** Counters since start. */
export interface AlertsStats {
  batches: number;
  signals: number;
  applied: number;
  ignored: Record<IgnoreReason, number>;
  active: number;
  keysInMemory: number;
  lastBatchMs: number;
}

/** An alert with its history and the actions requested for it. */
export interface AlertDetail {
  alert: Alert;
  history: AlertHistoryEntry[];
  actions: AlertActionRequest[];
}

/** The alerts service. */
export type AlertsService = Awaited<ReturnType<typeof createAlertsService>>;

const DAY = 24 * 3600_000;
const ctx: model.LifecycleContext = { newId };

/**
 * Creates the service and loads the active alerts. Call `start()` to consume `signals` from the bus.
 * @example const alerts = await createAlertsService({ database, clock, bus, geo, directory }); await alerts.start();
 */
export async function createAlertsService(deps: AlertsDeps) {
  const { db } = deps.database;
  const onError = deps.onError ?? ((m, e) => console.error(m, e));
  const horizon = deps.memoryHorizonMs ?? DAY;
  const policies = await createPolicySet(deps);
  const publisher = createAlertPublisher({ ...deps, onError });
  const latency = createLatencyHistogram();

  const index = await AlertIndex.load(db, horizon, deps.clock.now());
  const stats: AlertsStats = {
    batches: 0,
    signals: 0,
    applied: 0,
    ignored: { invalid: 0, out_of_order: 0, duplicate: 0, same_level: 0, not_active: 0 },
    active: 0,
    keysInMemory: 0,
    lastBatchMs: 0,
  };
  let subscription: Subscription | null = null;

  // Mutations run one at a time, in order, against the index.
  let tail: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  }

  /** Stores changes, their history and requested actions in one transaction, then updates the index. */
  async function commit(changes: readonly AlertChange[], plans: ReadonlyMap<string, ActionPlan>, keys: ReadonlyMap<string, AlertKeyState>) {
    const events: AlertEvent[] = changes.map((c) => ({
      type: eventTypeOf(c.entry),
      eventId: c.entry.id,
      alert: c.alert,
      entry: c.entry,
      actions: actionRequests(c.alert, plans.get(c.entry.id) ?? null, { newId, directory: deps.directory }),
    }));
    const finalAlerts = new Map<string, Alert>();
    for (const c of changes) finalAlerts.set(c.alert.id, c.alert);
    const now = deps.clock.now();
    // In its turn with the readings appender (a hot path too), so as not to wait for it blocking.
    await withWriteTurn(deps.database, () =>
      db.transaction().execute(async (trx) => {
        await store.upsertAlerts(trx, [...finalAlerts.values()]);
        await store.insertHistory(
          trx,
          changes.map((c) => ({ alertId: c.alert.id, entry: c.entry })),
        );
        await store.insertActions(
          trx,
          events.flatMap((e) => e.actions.map((request) => ({ eventId: e.eventId, request }))),
          now,
        );
      }),
    );
    for (const [k, s] of keys) index.set(k, s);
    return events;
  }

  /**
   * Applies a batch of signals in order: one transaction for the whole batch, then one
   * `alerts` event per change (awaited, so a slow consumer slows the producer).
   */
  async function applySignals(signals: readonly RuleSignal[]): Promise<BatchResult> {
    const result = await serial(async () => {
      const started = performance.now();
      await index.warm(signals);
      const plans = new Map<string, ActionPlan>();
      const ordered = policies.ordered();
      const plan = model.planSignals((k) => index.lookup(k), signals, ctx, (c) => {
        const p = planActions(c, ordered);
        if (!p) return c;
        plans.set(c.entry.id, p);
        return { ...c, alert: withPlan(c.alert, p) };
      });
      const events = plan.changes.length > 0 ? await commit(plan.changes, plans, plan.keys) : [];
      const storedAt = deps.clock.now();
      for (const c of plan.changes) if (c.signal) latency.record(storedAt - c.signal.receivedAt);
      stats.batches++;
      stats.signals += signals.length;
      stats.applied += plan.changes.length;
      for (const r of model.IGNORE_REASONS) stats.ignored[r] += plan.ignored[r];
      stats.lastBatchMs = performance.now() - started;
      index.prune(storedAt);
      return { applied: plan.changes.length, ignored: plan.ignored, events };
    });
    await publisher.publish(result.events);
    return result;
  }

  function refusal(r: commands.CommandRefusal): AppError {
    const status = r.refused === 'ALERT_NOTE_REQUIRED' || r.refused === 'ALERT_NOTE_TOO_LONG' ? 400 : 409;
    return new AppError(
      status,
      r.refused,
      r.field ? `${r.field}: ${r.message}` : r.message,
      r.field ? [{ field: r.field, message: r.message }] : [],
    );
  }

  /** Runs a person's command on an alert: refused unless it applies; stored and published. */
  function command(id: string, run: (alert: Alert, now: number) => commands.CommandRefusal | AlertChange): Promise<Alert> {
    return serial(async () => {
      const alert = index.activeById(id) ?? (await store.getAlert(db, id));
      if (!alert) throw notFound('alert', 'ALERT_NOT_FOUND');
      const r = run(alert, deps.clock.now());
      if (commands.isRefusal(r)) throw refusal(r);
      const key = model.alertKey(alert.ruleId, alert.subjectKey);
      const state: AlertKeyState = {
        lastSignalTs: index.lastSignalTs(key) ?? alert.lastSignalTs,
        active: model.isActive(r.alert) ? r.alert : null,
      };
      const events = await commit([r], new Map(), new Map([[key, state]]));
      // Not awaited: a consumer of `alerts` may itself call this service.
      void publisher.publish(events);
      return r.alert;
    });
  }

  return {
    /** Publishes what a crash left unpublished, then consumes `signals` from the bus. */
    async start(): Promise<void> {
      if (subscription) return;
      await publisher.republishPending();
      subscription = deps.bus.subscribe<RuleSignal[]>(
        SIGNALS_SUBJECT,
        async (m) => {
          await applySignals(Array.isArray(m.data) ? m.data : []);
        },
        { group: 'alerts.signals' },
      );
    },
    /** Stops consuming and waits for work in progress. */
    async stop(): Promise<void> {
      subscription?.unsubscribe();
      subscription = null;
      await serial(async () => undefined);
      await publisher.idle();
    },
    applySignals,
    /** Resolves once the events published so far are marked published (that is written in the background). */
    idle: (): Promise<void> => publisher.idle(),
    /** Acknowledges a raised alert. */
    acknowledge: (id: string, actorId: string, note: string | null = null) =>
      command(id, (a, now) => commands.acknowledge(a, actorId, note, now, ctx)),
    /** Closes an active alert by hand; the note is required. */
    close: (id: string, actorId: string, note: string) => command(id, (a, now) => commands.close(a, actorId, note, now, ctx)),
    /** One alert (active ones from memory). */
    async get(id: string): Promise<Alert | undefined> {
      return index.activeById(id) ?? store.getAlert(db, id);
    },
    /** One alert with its history and requested actions. */
    async detail(id: string): Promise<AlertDetail | undefined> {
      const alert = await store.getAlert(db, id);
      if (!alert) return undefined;
      return { alert, history: await store.historyOf(db, id), actions: await store.actionsOf(db, id) };
    },
    /** A page of alerts. */
    list: (q: AlertListQuery): Promise<Page<Alert>> => listAlerts(db, q),
    /** Alerts raised in [from, to) per rule id (published scenario figures). */
    raisedByRule: (from: number, to: number): Promise<Map<string, number>> => store.raisedCountsByRule(db, from, to),
    /** The active alert of (rule, subject), if any. */
    activeFor: (ruleId: string, subjectKey: string): Alert | undefined => index.active(model.alertKey(ruleId, subjectKey)),
    activeCount: (): number => index.activeCount,
    stats: (): AlertsStats => ({ ...stats, ignored: { ...stats.ignored }, active: index.activeCount, keysInMemory: index.keysInMemory }),
    /** Signal-received → alert-stored latency, ms. */
    latency: (): LatencySnapshot => latency.snapshot(),
    resetLatency: (): void => latency.reset(),
    /** Publishes events whose publication a crash interrupted. */
    republishPending: () => publisher.republishPending(),
    /** The policies set at and inherited by a jurisdiction. */
    policies: (jurisdictionId: string): PolicyView => policies.view(jurisdictionId),
    /** Replaces the policies set at a jurisdiction. */
    replacePolicies: (jurisdictionId: string, inputs: readonly PolicyInput[], actorId: string | null) =>
      policies.replace(jurisdictionId, inputs, actorId),
    /** Sets policies at a jurisdiction only if it has none (demo seeding). */
    seedPolicies: (jurisdictionId: string, inputs: readonly PolicyInput[]) => policies.seedIfEmpty(jurisdictionId, inputs),
  };
}
