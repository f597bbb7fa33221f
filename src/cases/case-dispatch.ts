/**
 * The commands that move a case between units and centres, for the state machine
 * (case-machine.ts): 派遣 dispatch (also re-dispatch by supervision) to a unit, 上报 escalate to a
 * higher centre, and the handling step a dispatch or rework starts; with the shape every
 * command's effect takes. Pure.
 */
import type { WorkingCalendar } from './calendar-types.ts';
import { handlingLimit } from './catalogue-model.ts';
import { startStep } from './case-clock.ts';
import { invalid, refuse, text } from './case-guards.ts';
import type { Case, CaseCommand, CaseEventType, TransitionError } from './case-types.ts';
import { centreRank, isCentreLevel } from './routing-model.ts';

/** What one command does: the changed fields and the timeline entry's kind, note and photos. */
export interface Change {
  type: CaseEventType;
  patch: Partial<Case>;
  note: string | null;
  attachments?: readonly string[] | undefined;
}

/** A command's effect (a {@link Change}). */
export const change = (type: CaseEventType, patch: Partial<Case>, note: string | null, attachments?: readonly string[]): Change => ({
  type,
  patch,
  note,
  attachments,
});

/** The handling step restarted at `now` with the small class's full limit for the urgency. */
export function handleStep(c: Case, now: number, cal: WorkingCalendar): Pick<Case, 'step' | 'handleDueAt'> | TransitionError {
  const limit = handlingLimit(c.category, c.urgency);
  if (!limit) return invalid('category', `unknown small class ${c.category}`);
  const step = startStep('handle', limit, now, cal);
  return { step, handleDueAt: step.dueAt };
}

/** 派遣 (also re-dispatch by supervision): to a unit, with a reason when it is not the suggested one. */
export function dispatch(
  c: Case,
  cmd: Extract<CaseCommand, { type: 'dispatch' }>,
  now: number,
  cal: WorkingCalendar,
): Change | TransitionError {
  const unitId = text(cmd.unitId);
  if (unitId === null) return invalid('unitId', 'a unit is required');
  const suggested = text(cmd.suggestedUnitId);
  const override = text(cmd.overrideReason);
  if (suggested !== null && unitId !== suggested && override === null) {
    return refuse(
      422,
      'CASE_REASON_REQUIRED',
      `overrideReason is required to dispatch to ${unitId} instead of ${suggested}`,
      'overrideReason',
    );
  }
  const handle = handleStep(c, now, cal);
  if ('error' in handle) return handle;
  const patch: Partial<Case> = {
    state: 'dispatched',
    unitId,
    suggestedUnitId: suggested,
    dispatchedAt: now,
    firstDispatchedAt: c.firstDispatchedAt ?? now,
  };
  // A new unit starts afresh: it has not accepted yet, and the old unit's extension request lapses.
  const counters: Partial<Case> = { dispatchCount: c.dispatchCount + 1, acceptedAt: null, extension: null };
  const notes = [text(cmd.note), override === null ? null : `override: ${override}`].filter((n) => n !== null);
  return change('dispatched', { ...patch, ...handle, ...counters }, notes.length > 0 ? notes.join(' · ') : null);
}

/** 上报: the case goes to a higher centre, whose path must contain the case. */
export function escalate(c: Case, cmd: Extract<CaseCommand, { type: 'escalate' }>, said: string): Change | TransitionError {
  const centreId = text(cmd.toCentreId);
  if (centreId === null) return invalid('toCentreId', 'name the centre to escalate to');
  if (typeof cmd.toCentreLevel !== 'string' || !isCentreLevel(cmd.toCentreLevel))
    return invalid('toCentreLevel', 'street, district or city');
  const centrePath = text(cmd.toCentrePath);
  if (centrePath === null || !c.jurisdictionPath.startsWith(centrePath))
    return invalid('toCentrePath', "the centre's jurisdiction must contain the case");
  if (centreRank(cmd.toCentreLevel) <= centreRank(c.centreLevel)) {
    return refuse(409, 'CASE_ESCALATION_NOT_HIGHER', `a ${cmd.toCentreLevel} centre is not above the ${c.centreLevel} centre in charge`);
  }
  const patch: Partial<Case> = { centreId, centreLevel: cmd.toCentreLevel, centrePath, escalationCount: c.escalationCount + 1 };
  return change('escalated', patch, said);
}
