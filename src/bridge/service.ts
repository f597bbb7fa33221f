/**
 * The 12345 / 一网通办 bridge (issue 7 part 5). Inbound: an outside system's gateway account
 * posts a request; it is mapped to the catalogue, located by its coordinates and filed through
 * the cases service as a `hotline` case whose source ref is `<system id>:<external id>`, once per
 * (system, external id). Outbound: the `cases` bus is consumed; the steps a citizen should hear
 * about, of cases that came from a system, become signed status callbacks in a queue of rows,
 * delivered by a loop apart from the bus (a slow or dead receiver never holds up a case), retried
 * with exponential backoff and jitter, and kept as dead letters an admin may send again.
 * The systems and the category mapping are administered in systems-service.ts.
 */
import type { Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Bus } from '../platform/bus/bus.ts';
import { nextRetryAt, type BackoffPolicy } from '../platform/backoff.ts';
import { attemptDelivery, type AttemptDeps, type Target } from '../platform/delivery/attempt.ts';
import { createDeliveryLoop } from '../platform/delivery/delivery-loop.ts';
import { requeueDead } from '../platform/delivery/delivery-queue.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { AuditRecorder } from '../audit/model.ts';
import { CASES_SUBJECT, type Actor, type CaseBusEvent } from '../cases/case-types.ts';
import type { CasesService } from '../cases/service.ts';
import type { BridgeRequest } from './bridge-model.ts';
import { callbackEventFor, callbackPayload, mappingKey, parseSourceRef } from './bridge-model.ts';
import { takeRequest, type IntakeAnswer } from './intake.ts';
import * as store from './store.ts';
import { auditAdmin, createSystemsAdmin, sealContext, type BridgeAdmin, type SecretSealer } from './systems-service.ts';
import type { StoredSystem } from './store.ts';
import * as queue from './callback-store.ts';
import type { CallbackState, StoredCallback } from './callback-store.ts';

export type { BridgeAdmin, SecretSealer, SystemView } from './systems-service.ts';

/** What the bridge needs. */
export interface BridgeDeps {
  database: Database;
  clock: Clock;
  bus: Bus;
  cases: Pick<CasesService, 'report' | 'placeOf'>;
  /** A user's roles, to check that a system's gateway account is one. */
  userRoles(id: string): Promise<readonly string[] | undefined>;
  secrets: SecretSealer;
  audit: AuditRecorder;
  fetch?: typeof fetch;
  /** How often the delivery loop looks for due callbacks (ms); 0: no loop (tests deliver by hand). Default 1 s. */
  deliveryIntervalMs?: number;
  /** Per-attempt timeout (ms), default 10 s. */
  timeoutMs?: number;
  /** How long a claim holds a callback before another worker may retry it; longer than the timeout. Default 60 s. */
  leaseMs?: number;
  /** Callbacks sent at once per claim. Default 10. */
  batchSize?: number;
  /** Retry spacing: default 10 s doubling up to 6 h, 10 attempts (about a day). */
  policy?: BackoffPolicy;
  random?: () => number;
  onError?: (message: string, e: unknown) => void;
}

/** The default retry policy: 10 s, 20 s, 40 s … capped at 6 h; dead after the 10th attempt (≈ 1 day). */
export const DEFAULT_BRIDGE_POLICY: BackoffPolicy = Object.freeze({ baseMs: 10_000, capMs: 6 * 3_600_000, maxAttempts: 10 });

/** A callback as admins see it. */
export interface CallbackView {
  id: string;
  systemId: string;
  /** The system's name. */
  system: string;
  caseId: string;
  caseCode: string;
  externalId: string;
  event: string;
  attempts: number;
  state: CallbackState;
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export type { RoundResult } from '../platform/delivery/delivery-loop.ts';

/** The bridge service. */
export type BridgeService = ReturnType<typeof createBridgeService>;

function callbackView(c: StoredCallback, systems: ReadonlyMap<string, StoredSystem>): CallbackView {
  const { payload: _payload, eventId: _eventId, ...rest } = c;
  return { ...rest, system: systems.get(c.systemId)?.name ?? '' };
}

/**
 * Creates the bridge; `start()` begins consuming case events and the delivery loop.
 * @example const bridge = createBridgeService({ database, clock, bus, cases, userRoles, secrets, audit }); await bridge.start();
 */
export function createBridgeService(deps: BridgeDeps) {
  const { db } = deps.database;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const leaseMs = deps.leaseMs ?? 60_000;
  const batchSize = deps.batchSize ?? 10;
  const every = deps.deliveryIntervalMs ?? 1000;
  const onError = deps.onError ?? ((m: string, e: unknown) => console.error(`bridge: ${m}:`, e));
  const policy = deps.policy ?? DEFAULT_BRIDGE_POLICY;
  const random = deps.random ?? Math.random;
  const nextAt = (attempts: number, now: number) => nextRetryAt(policy, attempts, now, random);
  // `stopping` aborts requests in flight when the bridge stops; they count as failed and are retried.
  const attempt = (stopping: AbortSignal): AttemptDeps => ({
    db,
    clock: deps.clock,
    fetch: deps.fetch ?? globalThis.fetch,
    timeoutMs,
    stopping,
    userAgent: 'cityops-bridge/1',
  });

  const admin = createSystemsAdmin({
    db,
    clock: deps.clock,
    userRoles: (id) => deps.userRoles(id),
    secrets: deps.secrets,
    audit: deps.audit,
  });

  /** Enqueues the status callback an event makes, if any; true when one was added. */
  async function enqueue(event: CaseBusEvent): Promise<boolean> {
    if (event.case.source !== 'hotline') return false;
    const kind = callbackEventFor(event);
    const ref = parseSourceRef(event.case.sourceRef);
    if (!kind || !ref) return false;
    const system = await store.getSystem(db, ref.systemId);
    if (!system) return false;
    const fallback = kind === 'closed' ? await queue.lastHandledNote(db, event.case.id) : null;
    const payload = callbackPayload(event, ref.externalId, fallback);
    if (!payload) return false;
    const added = await queue.enqueueCallback(
      db,
      {
        id: newId(),
        systemId: system.id,
        caseId: event.case.id,
        caseCode: event.case.code,
        externalId: ref.externalId,
        eventId: event.eventId,
        event: kind,
        payload: JSON.stringify(payload),
      },
      deps.clock.now(),
    );
    return added;
  }

  /** Where each system's callbacks go, or why they cannot go now (they are retried on the schedule). */
  async function targets(ids: readonly string[]): Promise<Map<string, Target>> {
    const out = new Map<string, Target>();
    for (const id of new Set(ids)) {
      const s = await store.getSystem(db, id);
      if (!s) continue;
      if (!s.active) {
        out.set(id, { refused: 'the system is inactive' });
        continue;
      }
      try {
        out.set(id, { url: s.callbackUrl, secret: deps.secrets.open(s.secretSealed, sealContext(id)) });
      } catch (e) {
        // A secret sealed under another data key: the attempt fails as "removed" and is retried, never sent unsigned.
        onError(`system ${id}: could not open its secret`, e);
      }
    }
    return out;
  }

  /** Claims a batch (each case's oldest pending callback) and sends it. */
  async function sendBatch(now: number, stopping: AbortSignal) {
    const claimed = await queue.claimDue(db, { now, limit: batchSize, leaseMs });
    const to = await targets(claimed.map((c) => c.systemId));
    const removed: Target = { refused: 'the system was removed' };
    return Promise.all(
      claimed.map((c) => attemptDelivery(attempt(stopping), 'bridge_callbacks', c, to.get(c.systemId) ?? removed, nextAt)),
    );
  }

  const loop = createDeliveryLoop<CaseBusEvent>({
    bus: deps.bus,
    clock: deps.clock,
    subject: CASES_SUBJECT,
    group: 'bridge.callbacks',
    enqueue,
    sendBatch,
    intervalMs: every,
    noun: 'a callback',
    onError,
  });

  async function systemNames(): Promise<Map<string, StoredSystem>> {
    return new Map((await store.listSystems(db)).map((s) => [s.id, s]));
  }

  return {
    createSystem: admin.createSystem,
    updateSystem: admin.updateSystem,
    systems: admin.systems,
    mapping: admin.mapping,
    setMapping: admin.setMapping,
    resealSecrets: admin.resealSecrets,
    /** Takes in a request posted by a system's gateway account (see intake.ts). */
    async take(request: BridgeRequest, actor: Actor): Promise<IntakeAnswer> {
      const system = await store.systemOfGateway(db, actor.id);
      if (!system?.active)
        throw new AppError(
          403,
          'BRIDGE_NOT_BOUND',
          'this account posts for no active source system; an admin binds it (PATCH /api/v1/bridge/systems/{id})',
        );
      const m = await admin.mappingInForce();
      const mapping = new Map(m.entries.map((e) => [mappingKey(e.text), e.category]));
      return takeRequest({ db, cases: deps.cases, clock: deps.clock }, { system, mapping, request, actor });
    },
    /** Enqueues the status callback an event makes, as the bus handler does; true when one was added. */
    enqueue: loop.enqueue,
    /**
     * Sends every callback due at `now` (default: the clock's now), round after round, each
     * case's callbacks one after the other in order. Rounds in this process run one at a time.
     */
    deliverDue: loop.deliverDue,
    /** Callbacks newest first, of one state if asked; `cursor` is the previous page's `nextCursor`. */
    async callbacks(o: { state?: CallbackState; caseId?: string; cursor?: string; limit?: number } = {}) {
      const limit = o.limit ?? 100;
      const rows = await queue.listCallbacks(db, {
        limit,
        ...(o.state ? { state: o.state } : {}),
        ...(o.caseId ? { caseId: o.caseId } : {}),
        ...(o.cursor ? { before: o.cursor } : {}),
      });
      const systems = await systemNames();
      return { items: rows.map((c) => callbackView(c, systems)), nextCursor: rows.length === limit ? rows.at(-1)!.id : null };
    },
    /** One callback, or undefined. */
    async callback(id: string): Promise<CallbackView | undefined> {
      const c = await queue.getCallback(db, id);
      return c ? callbackView(c, await systemNames()) : undefined;
    },
    /** Sends a dead letter again, due now, with a fresh schedule; 409 unless it is dead. */
    async retry(id: string, by: BridgeAdmin): Promise<CallbackView> {
      const c = await queue.getCallback(db, id);
      if (!c) throw notFound(`callback ${id}`, 'BRIDGE_CALLBACK_NOT_FOUND');
      if (!(await requeueDead(db, 'bridge_callbacks', id, deps.clock.now())))
        throw new AppError(409, 'BRIDGE_CALLBACK_NOT_DEAD', `callback ${id} is ${c.state}; only dead letters are retried`);
      await auditAdmin(deps.audit, by, 'bridge.callback_retry', id, { systemId: c.systemId, caseCode: c.caseCode, event: c.event });
      const requeued = await queue.getCallback(db, id);
      loop.kick();
      return callbackView(requeued!, await systemNames());
    },
    /** Starts consuming case events and, unless the interval is 0, the delivery loop. */
    async start(): Promise<void> {
      loop.start();
    },
    /** Stops consuming and the loop; requests in flight are aborted and retried later. */
    stop: loop.stop,
  };
}
