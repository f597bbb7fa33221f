/**
 * The case state machine (案件流转): `transition(case, command, actor, now)` either returns the
 * case after the command with the timeline entries to append, or says why the command is
 * refused. Pure and total: it never throws for bad input and never changes the case it is given.
 *
 * Checks run in a fixed order, so a refusal says the most basic thing wrong: who (403
 * `CASE_FORBIDDEN`, see `case-guards.ts`), when (409 `CASE_CLOCK_BACKWARDS`), the state (409
 * `CASE_ILLEGAL_COMMAND`), then the command's input (422 `CASE_REASON_REQUIRED` for missing
 * required text — reason, override reason, result, note — and `CASE_INVALID_COMMAND` otherwise).
 * Dispatch and escalation, and the shape of a command's effect, are in case-dispatch.ts.
 */
import type { WorkingCalendar } from './calendar-types.ts';
import { getSmallClass, stepLimits, URGENCIES } from './catalogue-model.ts';
import {
  DEFAULT_CONTEXT,
  extendStep,
  isStepDue,
  pauseStep,
  resumeStep,
  setStepDeadline,
  startStep,
  type TransitionContext,
} from './case-clock.ts';
import {
  checkActor,
  COMMAND_STATES,
  illegal,
  invalid,
  isCommandType,
  isLimit,
  notOverdue,
  refuse,
  required,
  REQUIRED_TEXT,
  text,
} from './case-guards.ts';
import type { Actor, Case, CaseCommand, StepClock, TransitionError, TransitionResult } from './case-types.ts';
import { diffPatch } from './case-diff.ts';
import { change, dispatch, escalate, handleStep, type Change } from './case-dispatch.ts';

export type { TransitionContext } from './case-clock.ts';
export { COMMAND_STATES } from './case-guards.ts';

/** True if a transition was refused. */
export function isTransitionError(r: TransitionResult | TransitionError): r is TransitionError {
  return 'error' in r;
}

/**
 * Applies `command`, given by `actor` at `now`, to case `c`.
 *
 * @example
 * const r = transition(c, { type: 'accept' }, handler, clock.now());
 * if (isTransitionError(r)) throw refusal(r);
 * await store.save(r.case, r.events);
 */
export function transition(
  c: Case,
  command: CaseCommand,
  actor: Actor,
  now: number,
  ctx: TransitionContext = DEFAULT_CONTEXT,
): TransitionResult | TransitionError {
  const type: unknown = (command as { type?: unknown } | null)?.type;
  if (!isCommandType(type)) return refuse(422, 'CASE_INVALID_COMMAND', `unknown command ${String(type)}`, 'type');
  const forbidden = checkActor(c, type, actor);
  if (forbidden) return forbidden;
  if (!Number.isFinite(now) || now < c.updatedAt) {
    return refuse(409, 'CASE_CLOCK_BACKWARDS', `the clock says ${now}, before the case's last change at ${c.updatedAt}`);
  }
  if (!COMMAND_STATES[type].includes(c.state)) return type === 'mark_overdue' ? notOverdue() : illegal(c, type);
  const field = REQUIRED_TEXT[type];
  const said = field === undefined ? '' : required((command as unknown as Record<string, unknown>)[field], field);
  if (typeof said !== 'string') return said;
  const done = apply(c, command, { actor, now, cal: ctx.calendar, said });
  if ('error' in done) return done;
  const next: Case = { ...c, ...done.patch, updatedAt: now, version: c.version + 1 };
  const { before, after } = diffPatch(c, done.patch);
  const event = {
    type: done.type,
    at: now,
    actorId: actor.id,
    actorRoles: [...actor.roles],
    note: done.note,
    attachments: [...(done.attachments ?? [])],
    before,
    after,
  };
  return { case: next, events: [event] };
}

/** What `apply` knows besides the case and the command; `said` is the command's required text, trimmed ('' if none). */
interface Given {
  actor: Actor;
  now: number;
  cal: WorkingCalendar;
  said: string;
}

/** The command's effect, once actor, clock, state and required text have passed. */
function apply(c: Case, cmd: CaseCommand, { actor, now, cal, said }: Given): Change | TransitionError {
  switch (cmd.type) {
    case 'file': {
      if (cmd.category !== undefined && !getSmallClass(cmd.category))
        return invalid('category', `unknown small class ${String(cmd.category)}`);
      if (cmd.urgency !== undefined && !URGENCIES.includes(cmd.urgency))
        return invalid('urgency', `unknown urgency ${String(cmd.urgency)}`);
      return change(
        'filed',
        { state: 'filed', filedAt: now, category: cmd.category ?? c.category, urgency: cmd.urgency ?? c.urgency },
        text(cmd.note),
      );
    }
    case 'reject':
    case 'void': {
      const state = cmd.type === 'reject' ? 'rejected' : 'voided';
      return change(state, { state, stateReason: said, step: null, extension: null, parkedFrom: null, reviewAt: null }, said);
    }
    case 'merge': {
      const masterId = text(cmd.masterId);
      if (masterId === null || masterId === c.id) return invalid('masterId', 'name another case to merge into');
      return change('merged', { state: 'merged', masterId, stateReason: said, step: null, extension: null }, said);
    }
    case 'dispatch':
      return dispatch(c, cmd, now, cal);
    case 'accept':
      return change('accepted', { state: 'accepted', acceptedAt: now }, text(cmd.note));
    case 'return': {
      const step = startStep('dispatch', stepLimits(c.urgency).fileAndDispatch, now, cal);
      const patch: Partial<Case> = { state: 'filed', unitId: null, stateReason: said, step, handleDueAt: null, extension: null };
      return change('returned', { ...patch, returnCount: c.returnCount + 1 }, said);
    }
    case 'handle': {
      // Handled on time against the handling due time in force now (after extensions and deadlines).
      const dueAt = c.step?.step === 'handle' ? c.step.dueAt : c.handleDueAt;
      const step = startStep('verify', stepLimits(c.urgency).verify, now, cal);
      const handledOnTime = dueAt !== null && now <= dueAt;
      return change(
        'handled',
        { state: 'handled', handledAt: now, handleDueAt: dueAt, handledOnTime, step, extension: null },
        said,
        cmd.attachments,
      );
    }
    case 'verify': {
      if (typeof cmd.passed !== 'boolean') return invalid('passed', 'say whether the check passed');
      if (cmd.passed) {
        const step = startStep('close', stepLimits(c.urgency).verify, now, cal);
        return change('verified', { state: 'verified', verifiedAt: now, step }, said, cmd.attachments);
      }
      const handle = handleStep(c, now, cal);
      if ('error' in handle) return handle;
      const patch: Partial<Case> = { state: 'accepted', reworkCount: c.reworkCount + 1, handledAt: null, handledOnTime: null, ...handle };
      return change('rework', patch, said, cmd.attachments);
    }
    case 'close':
      return change('closed', { state: 'closed', closedAt: now, closedOnTime: c.overdueCount === 0, step: null }, text(cmd.note));
    case 'request_extension': {
      if (c.extension !== null) return illegal(c, cmd.type, 'an extension request is already pending');
      if (!isLimit(cmd.extra) || cmd.extra.amount <= 0) return invalid('extra', 'ask for a positive amount of time in a known unit');
      const extra = { amount: cmd.extra.amount, unit: cmd.extra.unit };
      return change('extension_requested', { extension: { requestedAt: now, requestedBy: actor.id, extra, reason: said } }, said);
    }
    case 'decide_extension': {
      const ext = c.extension;
      if (ext === null || c.step === null) return illegal(c, cmd.type, 'no extension request is pending');
      if (typeof cmd.approve !== 'boolean') return invalid('approve', 'say whether the extension is approved');
      if (!cmd.approve) return change('extension_denied', { extension: null }, text(cmd.note));
      const step = extendStep(c.step, ext.extra, cal);
      const patch: Partial<Case> = { step, handleDueAt: followDue(c, step), extension: null, extensionCount: c.extensionCount + 1 };
      return change('extension_approved', patch, text(cmd.note));
    }
    case 'park': {
      if (typeof cmd.reviewAt !== 'number' || !Number.isFinite(cmd.reviewAt) || cmd.reviewAt <= now) {
        return invalid('reviewAt', 'the review date must lie in the future');
      }
      const step = c.step && pauseStep(c.step, now, cal);
      return change('parked', { state: 'parked', parkedFrom: c.state, reviewAt: cmd.reviewAt, stateReason: said, step }, said);
    }
    case 'resume': {
      const step = c.step && resumeStep(c.step, now, cal);
      const patch: Partial<Case> = {
        state: c.parkedFrom ?? 'filed',
        parkedFrom: null,
        reviewAt: null,
        step,
        handleDueAt: followDue(c, step),
      };
      return change('resumed', patch, text(cmd.note));
    }
    case 'reopen': {
      const step = startStep('dispatch', stepLimits(c.urgency).fileAndDispatch, now, cal);
      // The unit that handled it before becomes the suggestion for the new dispatch.
      const cleared: Partial<Case> = {
        verifiedAt: null,
        closedAt: null,
        closedOnTime: null,
        unitId: null,
        suggestedUnitId: c.unitId ?? c.suggestedUnitId,
      };
      return change('reopened', { state: 'filed', ...cleared, stateReason: said, step }, said);
    }
    case 'escalate':
      return escalate(c, cmd, said);
    case 'set_deadline': {
      if (typeof cmd.dueAt !== 'number' || !Number.isFinite(cmd.dueAt) || cmd.dueAt <= now)
        return invalid('dueAt', 'the deadline must lie in the future');
      if (c.step === null || c.step.pausedRemainingMs !== null) return illegal(c, cmd.type, 'no step clock is running');
      const step = setStepDeadline(c.step, cmd.dueAt);
      return change('deadline_set', { step, handleDueAt: followDue(c, step) }, said);
    }
    case 'mark_overdue':
      if (c.step === null || c.step.overdueAt !== null || !isStepDue(c.step, now)) return notOverdue();
      return change('overdue', { step: { ...c.step, overdueAt: now }, overdueCount: c.overdueCount + 1 }, null);
    case 'add_report': {
      const duplicateId = text(cmd.duplicateId);
      if (duplicateId === null) return invalid('duplicateId', 'name the duplicate case');
      return change('report_added', { reportCount: c.reportCount + 1 }, duplicateId);
    }
    case 'evaluate': {
      if (c.satisfaction !== null) return illegal(c, cmd.type, 'it has been evaluated already');
      const s = cmd.satisfaction;
      if (typeof s !== 'number' || !Number.isInteger(s) || s < 1 || s > 5) return invalid('satisfaction', 'a whole number from 1 to 5');
      return change('evaluated', { satisfaction: s }, text(cmd.comment));
    }
    case 'comment':
      return change('commented', {}, said, cmd.attachments);
  }
}

/** The handling due time after the step clock changed: it follows the `handle` step. */
function followDue(c: Case, step: StepClock | null): number | null {
  return step?.step === 'handle' ? step.dueAt : c.handleDueAt;
}
