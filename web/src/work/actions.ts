/**
 * Which commands the case page offers: the server's guards (src/cases/case-guards.ts) mirrored
 * for display only — by role, scope, centre in charge, unit and state, plus the few conditions the
 * state machine checks per command (a pending extension, a running clock, one evaluation). The
 * server still decides; a button shown here that the server refuses shows the refusal. Pure.
 */
import type { Case, CaseState, Me, Role } from '../api/types.ts';

/** The commands a person gives from the case page, in the order the page offers them. */
export const CASE_COMMANDS = [
  'file',
  'dispatch',
  'accept',
  'handle',
  'verify',
  'close',
  'decide_extension',
  'request_extension',
  'return',
  'reject',
  'escalate',
  'set_deadline',
  'park',
  'resume',
  'reopen',
  'void',
  'evaluate',
] as const;
/** One command the page offers (comments are always offered, below the timeline). */
export type CaseCommandName = (typeof CASE_COMMANDS)[number];

const DESK: readonly Role[] = ['dispatcher', 'shift_lead'];
const LEAD: readonly Role[] = ['shift_lead'];
const UNIT: readonly Role[] = ['handler', 'community_worker'];
const OPEN: readonly CaseState[] = ['reported', 'filed', 'dispatched', 'accepted', 'handled', 'verified', 'parked'];

interface Guard {
  roles: readonly Role[];
  states: readonly CaseState[];
  /** The actor's scope must contain the centre in charge too. */
  centre?: boolean;
  /** Only the unit the case is dispatched to. */
  unit?: boolean;
}

/** The guard table, as in case-guards.ts (COMMAND_GUARDS and COMMAND_STATES). */
export const GUARDS: Readonly<Record<CaseCommandName, Guard>> = {
  file: { roles: DESK, states: ['reported'] },
  reject: { roles: DESK, states: ['reported'] },
  void: { roles: LEAD, states: OPEN },
  dispatch: { roles: DESK, states: ['filed', 'dispatched', 'accepted'], centre: true },
  accept: { roles: UNIT, states: ['dispatched'], unit: true },
  return: { roles: UNIT, states: ['dispatched'], unit: true },
  handle: { roles: UNIT, states: ['accepted'], unit: true },
  verify: { roles: ['inspector', ...DESK], states: ['handled'] },
  close: { roles: DESK, states: ['verified'], centre: true },
  request_extension: { roles: UNIT, states: ['dispatched', 'accepted'], unit: true },
  decide_extension: { roles: DESK, states: ['dispatched', 'accepted'], centre: true },
  park: { roles: LEAD, states: ['filed', 'dispatched', 'accepted'] },
  resume: { roles: LEAD, states: ['parked'] },
  reopen: { roles: LEAD, states: ['closed'] },
  escalate: { roles: DESK, states: OPEN, centre: true },
  set_deadline: { roles: LEAD, states: OPEN, centre: true },
  evaluate: { roles: [...DESK, 'intake'], states: ['closed'] },
};

/** Who acts, as far as the guards need it. */
export interface ActorView {
  roles: readonly Role[];
  /** The id of the jurisdiction the actor's scope is rooted at. */
  scopeId: string;
  unitId: string | null;
}

/** The actor view of the signed-in user. */
export function actorOf(me: Me): ActorView {
  return { roles: me.user.roles, scopeId: me.scope.id, unitId: me.user.unitId };
}

/** True if a materialized path (`/city/district/street/`) runs through `jurisdictionId`. */
export function pathContains(path: string, jurisdictionId: string): boolean {
  return path.split('/').includes(jurisdictionId);
}

/** The jurisdiction a case's centre in charge is rooted at (the last id of its path). */
export function centreJurisdictionId(c: Pick<Case, 'centrePath'>): string {
  const ids = c.centrePath.split('/').filter(Boolean);
  return ids[ids.length - 1] ?? '';
}

/** True if `actor` may give `type` to `c` now, as far as the page can tell. */
export function mayOffer(c: Case, type: CaseCommandName, actor: ActorView): boolean {
  const g = GUARDS[type];
  if (!g.roles.some((r) => actor.roles.includes(r))) return false;
  if (!pathContains(c.jurisdictionPath, actor.scopeId)) return false;
  if (g.centre && !pathContains(c.centrePath, actor.scopeId)) return false;
  if (g.unit && (actor.unitId === null || actor.unitId !== c.unitId)) return false;
  if (!g.states.includes(c.state)) return false;
  switch (type) {
    case 'request_extension':
      return c.extension === null;
    case 'decide_extension':
      // A second or later extension is a shift lead's decision.
      return c.extension !== null && c.step !== null && (c.extensionCount === 0 || actor.roles.includes('shift_lead'));
    case 'set_deadline':
      return c.step !== null && c.step.pausedRemainingMs === null;
    case 'escalate':
      return c.centreLevel !== 'city';
    case 'evaluate':
      return c.satisfaction === null;
    case 'file':
    case 'reject':
    case 'void':
    case 'dispatch':
    case 'accept':
    case 'return':
    case 'handle':
    case 'verify':
    case 'close':
    case 'park':
    case 'resume':
    case 'reopen':
      return true;
  }
}

/** The commands `actor` may give to `c` now, in page order. */
export function offeredCommands(c: Case, actor: ActorView): CaseCommandName[] {
  return CASE_COMMANDS.filter((type) => mayOffer(c, type, actor));
}

/** The commands that move the case on (shown as main buttons); the rest go under "more". */
export const MAIN_COMMANDS: ReadonlySet<CaseCommandName> = new Set([
  'file',
  'dispatch',
  'accept',
  'handle',
  'verify',
  'close',
  'decide_extension',
]);
