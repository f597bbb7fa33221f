/**
 * Applies a command to a stored case: one transaction reads the case, runs the pure state
 * machine, writes the case with a version check, appends the timeline entries, moves the case's
 * timers and does the command's side effects (a merge adds a report to the master). Nothing is
 * half-written: any refusal throws before commit. Events are published after commit by the
 * caller, from the timeline (which doubles as the outbox).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Actor, Case, CaseCommand, CaseEvent, TransitionError, TransitionResult } from './case-types.ts';
import { transition, isTransitionError } from './case-machine.ts';
import type { TransitionContext } from './case-machine.ts';
import { bindAttachments } from './attachment-service.ts';
import * as store from './store.ts';
import * as timers from './timer-store.ts';
import type { TimerKind } from './timer-store.ts';
import type { CaseCache } from './case-cache.ts';
import { listMergedInto } from './merge-store.ts';

/** A transition's outcome as stored. */
export interface Applied {
  case: Case;
  events: CaseEvent[];
}

/** The system actor: the scheduler, alert policies, imports. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true });

/** Turns a refusal from the state machine into the HTTP-facing error. */
export function refusal(e: TransitionError): AppError {
  const { status, code, message, field } = e.error;
  return new AppError(status, code, message, field ? [{ field, message }] : []);
}

/** Throws the refusal, or returns the result. */
export function unwrap(r: TransitionResult | TransitionError): TransitionResult {
  if (isTransitionError(r)) throw refusal(r);
  return r;
}

/**
 * Stores a transition's result: the case (version-checked against `previous`), its timeline
 * entries and its timers. `previous` is the case as it was read in this transaction (then only
 * what changed is written), or just the version it was read at (then the whole row and every
 * timer are written). Throws 409 `CASE_VERSION_CONFLICT` if someone else changed the case in
 * between.
 */
export async function storeTransition(trx: Kysely<DB>, result: TransitionResult, previous: Case | number): Promise<Applied> {
  const before = typeof previous === 'number' ? undefined : previous;
  const ok = await store.updateCase(trx, result.case, before?.version ?? (previous as number), before);
  if (!ok) throw new AppError(409, 'CASE_VERSION_CONFLICT', `case ${result.case.code} was changed by someone else; reload and try again`);
  const known = before && timelineEnds.get(before);
  const events = await store.appendEvents(trx, result.case.id, result.events, newId, known);
  const end = events.length > 0 ? events[events.length - 1]!.seq : known;
  if (end !== undefined) timelineEnds.set(result.case, end);
  await syncTimers(trx, result.case, before);
  return { case: result.case, events };
}

/**
 * The last timeline number of a case object, where this process knows it: the case as stored or
 * read, which its next entries follow (case objects are never changed, each change makes a new
 * one, so the number stays true of the object).
 */
const timelineEnds = new WeakMap<Case, number>();

/** Notes that `c`'s timeline ends at `seq` (for a case just stored with its entries). */
export function noteTimelineEnd(c: Case, seq: number): void {
  timelineEnds.set(c, seq);
}

/**
 * Remembers committed changes in the cache: each case as it was after its last stored change
 * (call after the commit).
 */
export function rememberApplied(cache: CaseCache, applied: readonly Applied[]): void {
  for (const a of applied) {
    const end = timelineEnds.get(a.case);
    if (end !== undefined) cache.remember(a.case, end);
  }
}

/** The timers a case should have: its running step's due time, a parked case's review date. */
function wantedTimers(c: Case): Record<'step_due' | 'review', number | null> {
  const step = c.step;
  return {
    step_due: step && step.pausedRemainingMs === null && step.overdueAt === null ? step.dueAt : null,
    review: c.state === 'parked' ? c.reviewAt : null,
  };
}

/**
 * Keeps a case's timers in step with its clock: a `step_due` timer at the running step's due time
 * (none while parked, none once it fired for this due time), a `review` timer at a parked case's
 * review date. Timers are rows, so they survive restarts; the scheduler claims them.
 *
 * `previous` is the case before this change, whose timers are stored: then only the timers whose
 * due time changes are written (most commands move no clock, and re-setting an unchanged timer
 * would also drop a scheduler's claim on it); `null` for a new case (nothing stored yet);
 * omitted when unknown (every timer is written).
 */
export async function syncTimers(trx: Kysely<DB>, c: Case, previous?: Case | null): Promise<void> {
  const want = wantedTimers(c);
  const had = previous === undefined ? undefined : previous === null ? { step_due: null, review: null } : wantedTimers(previous);
  const clear: TimerKind[] = [];
  for (const kind of ['step_due', 'review'] as const) {
    const dueAt = want[kind];
    if (had && had[kind] === dueAt) continue;
    if (dueAt !== null) await timers.setTimer(trx, { caseId: c.id, kind, dueAt });
    else if (!had || had[kind] !== null) clear.push(kind);
  }
  if (clear.length > 0) await timers.clearTimers(trx, c.id, clear);
}

/**
 * Loads a case inside a transaction, or throws 404. `expectedVersion`, when given, must match
 * (the caller saw this version; a newer one means a concurrent change: 409). With a cache, a
 * cached case whose version the database confirms is used instead of reading the row.
 */
export async function loadForCommand(trx: Kysely<DB>, id: string, expectedVersion?: number, cache?: CaseCache): Promise<Case> {
  const hit = cache?.get(id);
  if (hit && (expectedVersion === undefined || expectedVersion === hit.case.version)) {
    const stored = await store.getCaseVersion(trx, id);
    if (stored === undefined) throw notFound(`case ${id}`, 'CASE_NOT_FOUND');
    if (stored === hit.case.version) {
      timelineEnds.set(hit.case, hit.lastSeq);
      return hit.case;
    }
  }
  const c = await store.getCase(trx, id);
  if (!c) throw notFound(`case ${id}`, 'CASE_NOT_FOUND');
  if (expectedVersion !== undefined && expectedVersion !== c.version)
    throw new AppError(
      409,
      'CASE_VERSION_CONFLICT',
      `case ${c.code} is at version ${c.version}, not ${expectedVersion}; reload and try again`,
      [{ field: 'version', message: `current version is ${c.version}` }],
    );
  return c;
}

/**
 * Runs one command on a loaded case and stores it, plus the side effects on other cases (the
 * master of a merge gains a report). Returns every stored change, the master's too.
 */
export async function runCommand(
  trx: Kysely<DB>,
  c: Case,
  command: CaseCommand,
  actor: Actor,
  now: number,
  ctx: TransitionContext,
): Promise<Applied[]> {
  if (command.type === 'merge') {
    const master = await store.getCase(trx, command.masterId);
    if (!master || master.id === c.id)
      throw new AppError(422, 'CASE_INVALID_COMMAND', 'masterId: no such case', [{ field: 'masterId', message: 'no such case' }]);
    if (master.masterId !== null || !isOpenForReports(master))
      throw new AppError(409, 'CASE_MASTER_NOT_OPEN', `case ${master.code} is ${master.state} and takes no more reports`, [
        { field: 'masterId', message: `master is ${master.state}` },
      ]);
    const merged = await storeTransition(trx, unwrap(transition(c, command, actor, now, ctx)), c);
    const added = await storeTransition(
      trx,
      unwrap(transition(master, { type: 'add_report', duplicateId: c.id }, SYSTEM_ACTOR, now, ctx)),
      master,
    );
    return [merged, added];
  }
  const applied = await storeTransition(trx, unwrap(transition(c, command, actor, now, ctx)), c);
  if ('attachments' in command) await bindAttachments(trx, command.attachments, c.id);
  return [applied];
}

/**
 * The cached case a command on `id` may start from without asking the database for its version:
 * one the caller saw (`expectedVersion`), not for a merge (which reads and writes a second case
 * before its own update could confirm the first). Then {@link runOnCached} lets the
 * version-checked update confirm it, which saves a read per command.
 */
export function trustedHit(cache: CaseCache, id: string, command: CommandInput, expectedVersion?: number): Case | undefined {
  if (expectedVersion === undefined || command.type === 'merge') return undefined;
  const hit = cache.get(id);
  if (!hit || hit.case.version !== expectedVersion) return undefined;
  timelineEnds.set(hit.case, hit.lastSeq);
  return hit.case;
}

/**
 * Runs a command on a {@link trustedHit} and stores it, answering exactly as
 * {@link loadForCommand} then {@link runCommand} would: if anything refuses the command before
 * its update, or the update finds another version, the stored case is looked up then and a stale
 * cache turns into the 404 or 409 the read would have given. `prepare` checks the caller's scope
 * and completes the command.
 */
export async function runOnCached(
  trx: Kysely<DB>,
  c: Case,
  prepare: (c: Case) => CaseCommand,
  actor: Actor,
  now: number,
  ctx: TransitionContext,
): Promise<Applied[]> {
  let command: CaseCommand;
  let result: TransitionResult;
  try {
    command = prepare(c);
    result = unwrap(transition(c, command, actor, now, ctx));
  } catch (e) {
    await loadForCommand(trx, c.id, c.version);
    throw e;
  }
  let applied: Applied;
  try {
    applied = await storeTransition(trx, result, c);
  } catch (e) {
    if (e instanceof AppError && e.code === 'CASE_VERSION_CONFLICT') await loadForCommand(trx, c.id, c.version);
    throw e;
  }
  if ('attachments' in command) await bindAttachments(trx, command.attachments, c.id);
  return [applied];
}

/**
 * Every reporter gets the outcome: when a master case closes, each report merged into it gets
 * the result on its own timeline (and so on the bus, to the citizen portal and Open311).
 */
export async function tellMerged(trx: Kysely<DB>, applied: readonly Applied[], now: number, ctx: TransitionContext): Promise<Applied[]> {
  const out: Applied[] = [];
  for (const a of applied) {
    const closed = a.events.find((e) => e.type === 'closed');
    if (!closed || a.case.reportCount < 2) continue;
    for (const childId of await listMergedInto(trx, a.case.id)) {
      const child = await loadForCommand(trx, childId);
      const note = `主案 ${a.case.code} 已结案 · master case closed${closed.note ? `: ${closed.note}` : ''}`;
      out.push(...(await runCommand(trx, child, { type: 'comment', note }, SYSTEM_ACTOR, now, ctx)));
    }
  }
  return out;
}

/** True if a case can still gain merged reports. */
function isOpenForReports(c: Case): boolean {
  return c.state !== 'closed' && c.state !== 'rejected' && c.state !== 'merged' && c.state !== 'voided';
}

/** A command as a route or a consumer gives it, before the service fills in what it knows. */
export type CommandInput =
  | Exclude<CaseCommand, { type: 'dispatch' } | { type: 'escalate' } | { type: 'mark_overdue' } | { type: 'add_report' }>
  | { type: 'dispatch'; unitId: string; overrideReason?: string; note?: string }
  | { type: 'escalate'; reason: string };
