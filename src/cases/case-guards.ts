/**
 * The guards of the case state machine: who may give which command to a case (权限) — by role,
 * by scope (the actor's jurisdiction must contain the case), for centre commands also by the
 * centre in charge, for the unit's own commands by unit — in which states, with which required
 * text, and the refusals the machine answers with when a guard fails, input checks included. Pure. The machine checks the actor before
 * anything else, so an actor who may not act learns nothing about the case's state or the
 * command's input.
 */
import type { TimeLimit } from './calendar-types.ts';
import { CASE_STATES, OPEN_STATES } from './case-types.ts';
import type { Actor, Case, CaseCommandType, CaseState, TransitionError } from './case-types.ts';

/** Who may give one command. */
export interface CommandGuard {
  /** Roles any one of which allows the command; `any` lets every actor in scope give it. */
  roles: readonly string[] | 'any';
  /** The platform itself (`actor.system`) may give it, skipping role and scope checks. */
  system: boolean;
  /** Only the system may give it. */
  systemOnly?: boolean;
  /**
   * A centre command: the actor's scope must also contain the centre in charge, so once a case is
   * escalated to the district the street's staff no longer act for it.
   */
  centre?: boolean;
  /** The unit's own command: the actor must belong to the unit the case is dispatched to. */
  unit?: boolean;
}

const DESK = ['dispatcher', 'shift_lead'] as const;
const LEAD = ['shift_lead'] as const;
const UNIT_ROLES = ['handler', 'community_worker'] as const;
const unitGuard: CommandGuard = { roles: UNIT_ROLES, system: false, unit: true };

/** The guard of every command (see the rules in `case-machine.ts`). */
export const COMMAND_GUARDS: Readonly<Record<CaseCommandType, CommandGuard>> = Object.freeze({
  file: { roles: DESK, system: true },
  reject: { roles: DESK, system: false },
  merge: { roles: DESK, system: true },
  void: { roles: LEAD, system: false },
  dispatch: { roles: DESK, system: true, centre: true },
  accept: unitGuard,
  return: unitGuard,
  handle: unitGuard,
  verify: { roles: ['inspector', ...DESK], system: false },
  close: { roles: DESK, system: false, centre: true },
  request_extension: unitGuard,
  decide_extension: { roles: DESK, system: false, centre: true },
  park: { roles: LEAD, system: false },
  resume: { roles: LEAD, system: false },
  reopen: { roles: LEAD, system: false },
  escalate: { roles: DESK, system: true, centre: true },
  set_deadline: { roles: LEAD, system: false, centre: true },
  mark_overdue: { roles: [], system: true, systemOnly: true },
  add_report: { roles: [], system: true, systemOnly: true },
  evaluate: { roles: [...DESK, 'intake'], system: true },
  comment: { roles: 'any', system: true },
});

/** True if `type` names a command (input from outside may name anything). */
export function isCommandType(type: unknown): type is CaseCommandType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(COMMAND_GUARDS, type);
}

/** The states each command may be given in (further conditions are checked per command). */
export const COMMAND_STATES: Readonly<Record<CaseCommandType, readonly CaseState[]>> = Object.freeze({
  file: ['reported'],
  reject: ['reported'],
  merge: ['reported', 'filed'],
  void: OPEN_STATES,
  dispatch: ['filed', 'dispatched', 'accepted'],
  accept: ['dispatched'],
  return: ['dispatched'],
  handle: ['accepted'],
  verify: ['handled'],
  close: ['verified'],
  request_extension: ['dispatched', 'accepted'],
  decide_extension: ['dispatched', 'accepted'],
  park: ['filed', 'dispatched', 'accepted'],
  resume: ['parked'],
  reopen: ['closed'],
  escalate: OPEN_STATES,
  set_deadline: OPEN_STATES,
  mark_overdue: OPEN_STATES,
  add_report: OPEN_STATES,
  evaluate: ['closed'],
  comment: CASE_STATES,
});

/** The free text each command requires (`CASE_REASON_REQUIRED` names the field when it is blank). */
export const REQUIRED_TEXT: Readonly<Partial<Record<CaseCommandType, 'reason' | 'result' | 'note'>>> = Object.freeze({
  reject: 'reason',
  merge: 'reason',
  void: 'reason',
  return: 'reason',
  handle: 'result',
  verify: 'note',
  request_extension: 'reason',
  park: 'reason',
  reopen: 'reason',
  escalate: 'reason',
  set_deadline: 'reason',
  comment: 'note',
});

/** A refusal with a stable code; `field` names the bad input, if any. */
export function refuse(status: TransitionError['error']['status'], code: string, message: string, field?: string): TransitionError {
  return { error: field === undefined ? { status, code, message } : { status, code, message, field } };
}

function forbidden(actor: Actor, type: CaseCommandType, why: string): TransitionError {
  return refuse(403, 'CASE_FORBIDDEN', `${actor.id} may not ${type} this case: ${why}`);
}

/**
 * Why `actor` may not give a command of `type` to `c`, or null if they may. Besides the table,
 * a second or later extension (extensionCount > 0) is decided only by a shift lead: 403
 * `CASE_EXTENSION_NEEDS_HIGHER_ROLE` for a dispatcher.
 *
 * @example
 * checkActor(c, 'close', streetDispatcher); // after escalation to the district: 403 CASE_FORBIDDEN
 */
export function checkActor(c: Case, type: CaseCommandType, actor: Actor): TransitionError | null {
  const guard = COMMAND_GUARDS[type];
  if (actor.system === true && guard.system) return null;
  if (guard.systemOnly) return forbidden(actor, type, 'only the platform gives this command');
  if (guard.roles !== 'any' && !guard.roles.some((r) => actor.roles.includes(r))) {
    return forbidden(actor, type, `it needs one of the roles ${guard.roles.join(', ')}`);
  }
  if (!c.jurisdictionPath.startsWith(actor.scopePath)) return forbidden(actor, type, 'the case lies outside their scope');
  if (guard.centre && !c.centrePath.startsWith(actor.scopePath)) {
    return forbidden(actor, type, `the ${c.centreLevel} centre in charge lies outside their scope`);
  }
  if (guard.unit && (actor.unitId === null || actor.unitId !== c.unitId)) {
    return forbidden(actor, type, 'the case is not dispatched to their unit');
  }
  if (type === 'decide_extension' && c.extensionCount > 0 && !actor.roles.includes('shift_lead')) {
    return refuse(
      403,
      'CASE_EXTENSION_NEEDS_HIGHER_ROLE',
      `a further extension (this would be no. ${c.extensionCount + 1}) is decided by a shift lead`,
    );
  }
  return null;
}

/** True if `actor` may give a command of `type` to `c` as far as roles and scope go (the state may still refuse it). */
export function mayGive(c: Case, type: CaseCommandType, actor: Actor): boolean {
  return checkActor(c, type, actor) === null;
}

/** 409 `CASE_ILLEGAL_COMMAND`: the case's state does not take this command; the message names both. */
export function illegal(c: Pick<Case, 'state'>, type: CaseCommandType, why?: string): TransitionError {
  return refuse(409, 'CASE_ILLEGAL_COMMAND', `a ${c.state} case cannot take the command ${type}${why ? `: ${why}` : ''}`);
}

/** 409 `CASE_NOT_OVERDUE`: `mark_overdue` when no running step is due and unmarked. */
export function notOverdue(): TransitionError {
  return refuse(409, 'CASE_NOT_OVERDUE', 'no running step of this case is due and not yet marked overdue');
}

/** 422 `CASE_INVALID_COMMAND` naming the bad input field. */
export function invalid(field: string, message: string): TransitionError {
  return refuse(422, 'CASE_INVALID_COMMAND', `${field}: ${message}`, field);
}

/** Trimmed text, or null when missing, not a string or blank. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Required free text (reason, override reason, result, note): the trimmed text, or 422 `CASE_REASON_REQUIRED`. */
export function required(value: unknown, field: string): string | TransitionError {
  return text(value) ?? refuse(422, 'CASE_REASON_REQUIRED', `${field} is required and may not be blank`, field);
}

const TIME_UNITS: readonly unknown[] = ['working_hours', 'working_days', 'calendar_hours', 'calendar_minutes'];

/** True if `value` is a time limit with a finite amount in a known unit. */
export function isLimit(value: unknown): value is TimeLimit {
  const v = value as Partial<TimeLimit> | null;
  return typeof v === 'object' && v !== null && typeof v.amount === 'number' && Number.isFinite(v.amount) && TIME_UNITS.includes(v.unit);
}
