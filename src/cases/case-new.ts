/**
 * A new case (受理): a report turned into a `reported` case, with its first timeline entry and
 * the running `dispatch` step clock (立案 + 派遣 within the catalogue's limit for the urgency).
 * Pure: ids, the code and the time are passed in.
 */
import { stepLimits } from './catalogue-model.ts';
import type { Urgency } from './catalogue-types.ts';
import { DEFAULT_CONTEXT, startStep, type TransitionContext } from './case-clock.ts';
import type { Case, CaseLocation, CaseSource, CentreLevel, TransitionResult } from './case-types.ts';

/** What a new case is made from (validated by the caller: a known category, a located place, the centre in charge). */
export interface NewCaseInput {
  id: string;
  code: string;
  source: CaseSource;
  sourceRef: string | null;
  category: string;
  urgency: Urgency;
  description: string;
  location: CaseLocation;
  jurisdictionId: string;
  jurisdictionPath: string;
  centreId: string;
  centreLevel: CentreLevel;
  centrePath: string;
  reporterId: string | null;
  /** The user who entered it; null when the platform did (alerts, imports). */
  createdBy: string | null;
}

/**
 * The `reported` case for `input` at `now` (version 1, one report) and its `reported` entry,
 * whose `after` holds the whole new case. The entry's actor is `createdBy`, or `system`.
 *
 * @example
 * const { case: c, events } = newCase({ id: newId(), code, source: 'hotline', … }, clock.now());
 * c.step?.step; // 'dispatch'
 */
export function newCase(input: NewCaseInput, now: number, ctx: TransitionContext = DEFAULT_CONTEXT): TransitionResult {
  const c: Case = {
    id: input.id,
    code: input.code,
    source: input.source,
    sourceRef: input.sourceRef,
    category: input.category,
    urgency: input.urgency,
    state: 'reported',
    parkedFrom: null,
    stateReason: null,
    reviewAt: null,
    description: input.description,
    location: { lon: input.location.lon, lat: input.location.lat, address: input.location.address },
    jurisdictionId: input.jurisdictionId,
    jurisdictionPath: input.jurisdictionPath,
    centreId: input.centreId,
    centreLevel: input.centreLevel,
    centrePath: input.centrePath,
    unitId: null,
    suggestedUnitId: null,
    masterId: null,
    reportCount: 1,
    reporterId: input.reporterId,
    step: startStep('dispatch', stepLimits(input.urgency).fileAndDispatch, now, ctx.calendar),
    extension: null,
    dispatchCount: 0,
    returnCount: 0,
    reworkCount: 0,
    extensionCount: 0,
    escalationCount: 0,
    overdueCount: 0,
    reportedAt: now,
    filedAt: null,
    firstDispatchedAt: null,
    dispatchedAt: null,
    acceptedAt: null,
    handledAt: null,
    handleDueAt: null,
    handledOnTime: null,
    verifiedAt: null,
    closedAt: null,
    closedOnTime: null,
    satisfaction: null,
    createdBy: input.createdBy,
    updatedAt: now,
    version: 1,
  };
  const { updatedAt: _updatedAt, version: _version, ...after } = c;
  const actorId = input.createdBy ?? 'system';
  const event = {
    type: 'reported' as const,
    at: now,
    actorId,
    actorRoles: input.createdBy === null ? ['system'] : [],
    note: null,
    attachments: [],
    before: {},
    after,
  };
  return { case: c, events: [event] };
}
