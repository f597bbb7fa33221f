/**
 * The welfare visit (独居老人关爱走访) as pure rules: which alert action asks for one, who the
 * visit is for (the residents of the meter's household tagged elderly living alone), how long the
 * grant the task carries lasts, what the outcome says on the case, and what the worker is shown.
 * No I/O.
 */
import type { AlertActionRequest } from '../alerts/event-model.ts';

/** The tag the registry gives a person living alone in old age. */
export const ELDERLY_ALONE = 'elderly_alone';

/** What a visit found, with labels for the case timeline. */
export const OUTCOMES = {
  visited_well: { zh: '已探视，情况良好', en: 'Visited, well' },
  needs_help: { zh: '已探视，需要帮助', en: 'Visited, needs help' },
  not_home: { zh: '未见本人', en: 'Not at home' },
  hospitalised: { zh: '已住院', en: 'In hospital' },
  deceased: { zh: '已故', en: 'Deceased' },
} as const;

/** One outcome code. */
export type VisitOutcome = keyof typeof OUTCOMES;

/** Every outcome code, in form order. */
export const OUTCOME_LIST = Object.keys(OUTCOMES) as VisitOutcome[];

/** Where a visit is: waiting for the worker, outcome recorded, or its case ended without one. */
export type VisitStatus = 'open' | 'visited' | 'closed';

/** Why the platform found nobody to name on the task (the worker still visits the case's address). */
export type LinkReason = 'no_household_ref' | 'household_not_found' | 'no_elderly_resident';

/** A welfare visit as the service sees it. */
export interface WelfareVisit {
  id: string;
  requestId: string;
  alertId: string;
  policyId: string;
  deviceId: string | null;
  caseId: string | null;
  housingId: string | null;
  personIds: string[];
  linkReason: LinkReason | null;
  jurisdictionPath: string;
  status: VisitStatus;
  holderUserId: string | null;
  grantId: string | null;
  grantEventId: string | null;
  outcome: VisitOutcome | null;
  outcomeNote: string | null;
  visitedAt: number | null;
  outcomeBy: string | null;
  outcomeAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** The welfare-visit requests among an alert event's actions. */
export function welfareRequests(actions: readonly AlertActionRequest[]): Array<Extract<AlertActionRequest, { action: 'community_task' }>> {
  return actions.flatMap((a) => (a.action === 'community_task' && a.task === 'welfare_visit' ? [a] : []));
}

/** The household and residents found for a meter, or why none were. */
export type Household =
  { housingId: string; personIds: string[]; reason: null } | { housingId: string | null; personIds: []; reason: LinkReason };

/**
 * Who the visit is for: the household's residents that are tagged elderly living alone.
 * @example residentsToVisit('h1', ['p1', 'p2'], new Map([['p1', ['elderly_alone']], ['p2', []]])); // { housingId: 'h1', personIds: ['p1'], reason: null }
 */
export function residentsToVisit(
  housingId: string,
  residentIds: readonly string[],
  tagsOf: ReadonlyMap<string, readonly string[]>,
): Household {
  const personIds = [...new Set(residentIds)].filter((id) => tagsOf.get(id)?.includes(ELDERLY_ALONE) === true);
  return personIds.length > 0 ? { housingId, personIds, reason: null } : { housingId, personIds: [], reason: 'no_elderly_resident' };
}

/** How long the task's grant lasts past a handling deadline already passed: the worker must still be able to go. */
export const GRANT_GRACE_MS = 2 * 3_600_000;

/**
 * When the task's grant ends: at the case's handling deadline, never later than the purpose's
 * maximum, and at least a short grace from now when the deadline has already passed.
 * @example grantEnd(0, 4 * 3_600_000, 7 * 86_400_000); // 14_400_000
 */
export function grantEnd(now: number, handleDueAt: number | null, maxMs: number): number {
  const due = handleDueAt ?? now + maxMs;
  return Math.min(now + maxMs, Math.max(due, now + GRANT_GRACE_MS));
}

/**
 * The case's report-back text for an outcome: the label in both languages and the worker's note.
 * @example handleResult('not_home', '邻居说去女儿家了'); // '走访结果：未见本人 · Not at home — 邻居说去女儿家了'
 */
export function handleResult(outcome: VisitOutcome, note: string | null): string {
  const o = OUTCOMES[outcome];
  const base = `走访结果：${o.zh} · ${o.en}`;
  return note ? `${base} — ${note}` : base;
}

/** The case events after which the task's grant must end (the visit is reported, or the case left the unit). */
export const GRANT_ENDING_EVENTS: ReadonlySet<string> = new Set([
  'case.handled',
  'case.closed',
  'case.voided',
  'case.merged',
  'case.rejected',
  'case.returned',
  'case.parked',
  // Sent again from an accepted case: to another unit, whose worker gets a grant of their own on accepting.
  'case.dispatched',
]);

/**
 * The case events after which the unit's worker holds the task (again): acceptance, rework after
 * a failed check, a resumed case, and a moved deadline (the grant follows the new one).
 */
export const GRANT_GIVING_EVENTS: ReadonlySet<string> = new Set([
  'case.accepted',
  'case.rework',
  'case.resumed',
  'case.extension_approved',
  'case.deadline_set',
]);
