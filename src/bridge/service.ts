/**
 * The 12345 / 一网通办 bridge (issue 7 part 5). Inbound: an outside system's gateway account
 * posts a request; it is mapped to the catalogue, located by its coordinates and filed through
 * the cases service as a `hotline` case whose source ref is `<system id>:<external id>`, once per
 * (system, external id). Outbound: the `cases` bus is consumed; the steps a citizen should hear
 * about, of cases that came from a system, become signed status callbacks in a queue of rows,
 * delivered by a loop apart from the bus (a slow or dead receiver never holds up a case), retried
 * with exponential backoff and jitter, and kept as dead letters an admin may send again.
 */
import type { Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Bus, Subscription } from '../platform/bus/bus.ts';
import type { BackoffPolicy } from '../platform/backoff.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId, newSecret } from '../platform/ids.ts';
import type { AuditRecorder } from '../audit/model.ts';
import { CASES_SUBJECT, type Actor, type CaseBusEvent } from '../cases/case-types.ts';
import type { CasesService } from '../cases/service.ts';
import { webhookUrlProblem } from '../cases/webhook-model.ts';
import type { BridgeChannel, BridgeRequest, MappingEntry } from './bridge-model.ts';
import { callbackEventFor, callbackPayload, mappingKey, mappingProblems, parseSourceRef } from './bridge-model.ts';
import { DEFAULT_CATEGORY_MAPPING } from './mapping-data.ts';
import { takeRequest, type IntakeAnswer } from './intake.ts';
import { attemptCallback, type CallbackTarget, type SenderDeps } from './sender.ts';
import * as store from './store.ts';
import type { CallbackState, StoredCallback, StoredSystem } from './store.ts';

/** Seals the systems' signing secrets at rest (the registry's field cipher, passed in by compose). */
export interface SecretSealer {
  seal(value: string, context: string): string;
  open(sealed: string, context: string): string;
}

/** Who did an admin act, for the audit log. */
export interface BridgeAdmin {
  userId: string;
  username: string;
}

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

/** A system as shown: never the secret, given out once at creation. */
export interface SystemView {
  id: string;
  name: string;
  channel: string;
  callbackUrl: string;
  gatewayUserId: string | null;
  active: boolean;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
}

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

/** What one delivery round did. */
export interface RoundResult {
  delivered: number;
  failed: number;
  dead: number;
}

/** The bridge service. */
export type BridgeService = ReturnType<typeof createBridgeService>;

const sealContext = (systemId: string): string => `bridge-system:${systemId}`;

function systemView(s: StoredSystem): SystemView {
  const { secretSealed: _sealed, ...rest } = s;
  return rest;
}

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
  let busSub: Subscription | null = null;
  let loop: NodeJS.Timeout | null = null;
  let rounds: Promise<unknown> = Promise.resolve();
  let queued = 0;
  let enqueuing: Promise<unknown> = Promise.resolve();
  let stopping = new AbortController();
  const sender = (): SenderDeps => ({
    db,
    clock: deps.clock,
    fetch: deps.fetch ?? globalThis.fetch,
    timeoutMs,
    policy: deps.policy ?? DEFAULT_BRIDGE_POLICY,
    random: deps.random ?? Math.random,
    stopping: stopping.signal,
  });

  const audit = (admin: BridgeAdmin, action: string, id: string | null, detail: Record<string, unknown>) =>
    deps.audit.record({
      actor: { kind: 'user', userId: admin.userId, username: admin.username },
      action,
      subject: { kind: action.startsWith('bridge.callback') ? 'bridge_callback' : 'bridge_system', id, path: null },
      detail,
    });

  /** The mapping in force: the admins' table, or the defaults while they have set none. */
  async function mappingInForce(): Promise<{ entries: MappingEntry[]; custom: boolean }> {
    const rows = await store.listMapping(db);
    if (rows.length > 0) return { entries: rows.map((r) => ({ text: r.label, category: r.category })), custom: true };
    return { entries: Object.entries(DEFAULT_CATEGORY_MAPPING).map(([text, category]) => ({ text, category })), custom: false };
  }

  async function checkGateway(userId: string | null | undefined, exceptId?: string): Promise<void> {
    if (!userId) return;
    const roles = await deps.userRoles(userId);
    if (!roles)
      throw new AppError(422, 'BRIDGE_GATEWAY_INVALID', 'gatewayUserId: no such user', [
        { field: 'gatewayUserId', message: 'no such user' },
      ]);
    if (!roles.includes('gateway'))
      throw new AppError(422, 'BRIDGE_GATEWAY_INVALID', 'gatewayUserId: the account must hold the gateway role', [
        { field: 'gatewayUserId', message: 'not a gateway account' },
      ]);
    if (await store.clashingSystem(db, { gatewayUserId: userId, ...(exceptId ? { exceptId } : {}) }))
      throw new AppError(409, 'BRIDGE_GATEWAY_TAKEN', 'this gateway account already posts as another system', [
        { field: 'gatewayUserId', message: 'bound to another system' },
      ]);
  }

  function checkUrl(url: string): void {
    const problem = webhookUrlProblem(url);
    if (problem)
      throw new AppError(422, 'BRIDGE_CALLBACK_URL_INVALID', `callbackUrl: ${problem}`, [{ field: 'callbackUrl', message: problem }]);
  }

  /** Enqueues the status callback an event makes, if any; true when one was added. */
  async function enqueue(event: CaseBusEvent): Promise<boolean> {
    if (event.case.source !== 'hotline') return false;
    const kind = callbackEventFor(event);
    const ref = parseSourceRef(event.case.sourceRef);
    if (!kind || !ref) return false;
    const system = await store.getSystem(db, ref.systemId);
    if (!system) return false;
    const fallback = kind === 'closed' ? await store.lastHandledNote(db, event.case.id) : null;
    const payload = callbackPayload(event, ref.externalId, fallback);
    if (!payload) return false;
    const added = await store.enqueueCallback(
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
    if (added) kick();
    return added;
  }

  async function targets(ids: readonly string[]): Promise<Map<string, CallbackTarget>> {
    const out = new Map<string, CallbackTarget>();
    for (const id of new Set(ids)) {
      const s = await store.getSystem(db, id);
      if (!s) continue;
      try {
        out.set(id, { url: s.callbackUrl, secret: deps.secrets.open(s.secretSealed, sealContext(id)), active: s.active });
      } catch (e) {
        // A secret sealed under another data key: the attempt fails as "removed" and is retried, never sent unsigned.
        onError(`system ${id}: could not open its secret`, e);
      }
    }
    return out;
  }

  async function round(now: number): Promise<RoundResult> {
    const result: RoundResult = { delivered: 0, failed: 0, dead: 0 };
    for (;;) {
      const claimed = await store.claimDue(db, { now, limit: batchSize, leaseMs });
      if (claimed.length === 0) break;
      const to = await targets(claimed.map((c) => c.systemId));
      const outcomes = await Promise.all(claimed.map((c) => attemptCallback(sender(), c, to.get(c.systemId))));
      for (const o of outcomes) if (o !== 'lost') result[o]++;
      if (stopping.signal.aborted) break;
    }
    return result;
  }

  /**
   * Sends every callback due at `now` (default: the clock's now), round after round, each
   * case's callbacks one after the other in order. Rounds in this process run one at a time.
   */
  function deliverDue(now?: number): Promise<RoundResult> {
    queued++;
    const run = rounds.then(() => round(now ?? deps.clock.now()));
    rounds = run.catch((e: unknown) => onError('delivery round failed; due callbacks stay pending', e)).finally(() => queued--);
    return run;
  }

  /** Starts a round soon when the loop runs and none is queued. */
  function kick(): void {
    if (loop && queued === 0) deliverDue().catch(() => undefined);
  }

  async function systemNames(): Promise<Map<string, StoredSystem>> {
    return new Map((await store.listSystems(db)).map((s) => [s.id, s]));
  }

  return {
    /** Registers a system; its signing secret is in this answer only. */
    async createSystem(
      input: { name: string; channel: BridgeChannel; callbackUrl: string; gatewayUserId?: string | null },
      admin: BridgeAdmin,
    ): Promise<{ system: SystemView; secret: string }> {
      checkUrl(input.callbackUrl);
      if (await store.clashingSystem(db, { name: input.name }))
        throw new AppError(409, 'BRIDGE_SYSTEM_EXISTS', `a system named ${input.name} exists`, [{ field: 'name', message: 'taken' }]);
      await checkGateway(input.gatewayUserId);
      const id = newId();
      const secret = newSecret();
      const now = deps.clock.now();
      const s: StoredSystem = {
        id,
        name: input.name,
        channel: input.channel,
        callbackUrl: input.callbackUrl,
        secretSealed: deps.secrets.seal(secret, sealContext(id)),
        gatewayUserId: input.gatewayUserId ?? null,
        active: true,
        createdAt: now,
        createdBy: admin.userId,
        updatedAt: now,
      };
      await store.insertSystem(db, s);
      await audit(admin, 'bridge.system_create', id, { name: s.name, channel: s.channel, gatewayUserId: s.gatewayUserId });
      return { system: systemView(s), secret };
    },
    /** Changes a system's callback URL, gateway account (null unbinds) or activity. */
    async updateSystem(
      id: string,
      patch: { callbackUrl?: string; gatewayUserId?: string | null; active?: boolean },
      admin: BridgeAdmin,
    ): Promise<SystemView> {
      if (!(await store.getSystem(db, id))) throw notFound(`bridge system ${id}`, 'BRIDGE_SYSTEM_NOT_FOUND');
      if (patch.callbackUrl !== undefined) checkUrl(patch.callbackUrl);
      await checkGateway(patch.gatewayUserId, id);
      await store.updateSystem(db, id, { ...patch, updatedAt: deps.clock.now() });
      await audit(admin, 'bridge.system_update', id, { changed: Object.keys(patch) });
      return systemView((await store.getSystem(db, id))!);
    },
    /** Every system, oldest first, without secrets. */
    async systems(): Promise<SystemView[]> {
      return (await store.listSystems(db)).map(systemView);
    },
    /** The mapping in force and whether admins set it (`custom`) or it is the defaults. */
    async mapping(): Promise<{ items: MappingEntry[]; source: 'custom' | 'default' }> {
      const m = await mappingInForce();
      return { items: m.entries, source: m.custom ? 'custom' : 'default' };
    },
    /** Replaces the mapping; each entry's text and category are checked (422 naming the entry). */
    async setMapping(items: readonly MappingEntry[], admin: BridgeAdmin): Promise<{ items: MappingEntry[]; source: 'custom' }> {
      const entries = items.map((e) => ({ text: e.text.trim(), category: e.category.trim().toUpperCase() }));
      const problems = mappingProblems(entries);
      if (problems.length > 0)
        throw new AppError(422, 'BRIDGE_MAPPING_INVALID', `${problems[0]!.field}: ${problems[0]!.message}`, problems);
      const rows = entries.map((e) => ({ text: mappingKey(e.text), label: e.text, category: e.category }));
      await db.transaction().execute((trx) => store.replaceMapping(trx, rows, { now: deps.clock.now(), by: admin.userId }));
      await audit(admin, 'bridge.mapping_update', null, { entries: rows.length });
      return { items: (await mappingInForce()).entries, source: 'custom' };
    },
    /** Takes in a request posted by a system's gateway account (see intake.ts). */
    async take(request: BridgeRequest, actor: Actor): Promise<IntakeAnswer> {
      const system = await store.systemOfGateway(db, actor.id);
      if (!system?.active)
        throw new AppError(
          403,
          'BRIDGE_NOT_BOUND',
          'this account posts for no active source system; an admin binds it (PATCH /api/v1/bridge/systems/{id})',
        );
      const m = await mappingInForce();
      const mapping = new Map(m.entries.map((e) => [mappingKey(e.text), e.category]));
      return takeRequest({ db, cases: deps.cases, clock: deps.clock }, { system, mapping, request, actor });
    },
    enqueue,
    deliverDue,
    /** Callbacks newest first, of one state if asked; `cursor` is the previous page's `nextCursor`. */
    async callbacks(o: { state?: CallbackState; caseId?: string; cursor?: string; limit?: number } = {}) {
      const limit = o.limit ?? 100;
      const rows = await store.listCallbacks(db, {
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
      const c = await store.getCallback(db, id);
      return c ? callbackView(c, await systemNames()) : undefined;
    },
    /** Sends a dead letter again, due now, with a fresh schedule; 409 unless it is dead. */
    async retry(id: string, admin: BridgeAdmin): Promise<CallbackView> {
      const c = await store.getCallback(db, id);
      if (!c) throw notFound(`callback ${id}`, 'BRIDGE_CALLBACK_NOT_FOUND');
      if (!(await store.requeueDead(db, id, deps.clock.now())))
        throw new AppError(409, 'BRIDGE_CALLBACK_NOT_DEAD', `callback ${id} is ${c.state}; only dead letters are retried`);
      await audit(admin, 'bridge.callback_retry', id, { systemId: c.systemId, caseCode: c.caseCode, event: c.event });
      const requeued = await store.getCallback(db, id);
      kick();
      return callbackView(requeued!, await systemNames());
    },
    /** Starts consuming case events and, unless the interval is 0, the delivery loop. */
    async start(): Promise<void> {
      stopping = new AbortController();
      busSub ??= deps.bus.subscribe<CaseBusEvent>(
        CASES_SUBJECT,
        async (m) => {
          // Only the enqueue (one insert) happens on the bus; sending is the loop's, so a hanging receiver holds up nothing.
          enqueuing = enqueue(m.data).catch((e: unknown) => onError(`event ${m.data.eventId}: could not enqueue a callback`, e));
          await enqueuing;
        },
        { group: 'bridge.callbacks' },
      );
      if (every > 0 && !loop)
        loop = setInterval(() => {
          if (queued === 0) deliverDue().catch(() => undefined);
        }, every);
    },
    /** Stops consuming and the loop; requests in flight are aborted and retried later. */
    async stop(): Promise<void> {
      busSub?.unsubscribe();
      busSub = null;
      if (loop) clearInterval(loop);
      loop = null;
      stopping.abort();
      await enqueuing;
      await rounds;
    },
  };
}
