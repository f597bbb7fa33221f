/**
 * What a case is: its sources and states, the clock of its running step, its place, and the case
 * record the state machine reads and the store keeps one row of. Re-exported by case-types.ts,
 * which adds what moves a case (commands, actors) and what a move records (timeline, bus events).
 */
import type { TimeLimit } from './calendar-types.ts';
import type { Urgency } from './catalogue-types.ts';

/** Where a case came from. */
export type CaseSource = 'alert' | 'inspector' | 'hotline' | 'citizen' | 'import' | 'community';

/** Every case source, in display order. */
export const CASE_SOURCES = ['alert', 'inspector', 'hotline', 'citizen', 'import', 'community'] as const satisfies readonly CaseSource[];

/**
 * Where a case is in the loop:
 * - `reported` 待立案: received, not yet filed;
 * - `filed` 已立案: accepted as a case, waiting to be dispatched (also after a return or reopen);
 * - `dispatched` 已派遣: sent to a unit, waiting for it to accept or return it;
 * - `accepted` 处置中: the unit is handling it (also after a failed check: rework);
 * - `handled` 已反馈: the unit reported back, waiting for the on-site check;
 * - `verified` 核查通过: the check passed, waiting to be closed;
 * - `closed` 已结案; `rejected` 不予立案; `merged` 重复 (into a master case); `voided` 作废;
 * - `parked` 挂账: cannot be solved now; the clock is paused until it is resumed.
 */
export type CaseState =
  'reported' | 'filed' | 'dispatched' | 'accepted' | 'handled' | 'verified' | 'closed' | 'rejected' | 'merged' | 'voided' | 'parked';

/** Every case state, loop order first. */
export const CASE_STATES = [
  'reported',
  'filed',
  'dispatched',
  'accepted',
  'handled',
  'verified',
  'closed',
  'rejected',
  'merged',
  'voided',
  'parked',
] as const satisfies readonly CaseState[];

/** States a case never leaves except by `reopen` (closed only). */
export const FINAL_STATES = ['closed', 'rejected', 'merged', 'voided'] as const satisfies readonly CaseState[];

/** States in which a case is open: someone still has to act on it. */
export const OPEN_STATES = [
  'reported',
  'filed',
  'dispatched',
  'accepted',
  'handled',
  'verified',
  'parked',
] as const satisfies readonly CaseState[];

/**
 * The timed steps of the loop. `dispatch` runs from receipt to dispatch (立案 + 派遣, the
 * catalogue's `fileAndDispatch` limit), `handle` from dispatch to report-back (the small class's
 * handling limit for the urgency; the unit's acceptance is part of it), `verify` from
 * report-back to the check, `close` from a passed check to closing (same limit as verify).
 */
export type CaseStep = 'dispatch' | 'handle' | 'verify' | 'close';

/** The running clock of the current step. */
export interface StepClock {
  step: CaseStep;
  /** When the step started (epoch ms). */
  startedAt: number;
  /** When it is due (epoch ms), after extensions, pauses and supervisor deadlines. */
  dueAt: number;
  /** The limit the due time was computed from; `working` limits skip nights, weekends and holidays. */
  limit: TimeLimit;
  /** While parked: the step's remaining time in its basis (ms), re-added on resume. */
  pausedRemainingMs: number | null;
  /**
   * Time this step spent parked before its last resume, in its basis (ms); absent means 0. The
   * resumed due time lies that much further out, so the elapsed share leaves it out: a light
   * shows the same colour just after a resume as just before the park.
   */
  pausedMs?: number;
  /** When this due time was marked overdue (once per due time; cleared when the due time moves). */
  overdueAt: number | null;
}

/** A point on the map, WGS-84. */
export interface CaseLocation {
  lon: number;
  lat: number;
  /** Human address as reported, if any. */
  address: string | null;
}

/** A pending extension request (延期申请). */
export interface ExtensionRequest {
  requestedAt: number;
  requestedBy: string;
  /** Extra time asked for, in the step's basis. */
  extra: TimeLimit;
  reason: string;
}

/** A case as the state machine sees it; the store keeps one row per case with these fields. */
export interface Case {
  id: string;
  /** Human code: jurisdiction code, local date, sequence, e.g. `310101-20261127-0042`. */
  code: string;
  source: CaseSource;
  /** Id in the source system: alert id, 12345 work-order number, Open311 token… (unique per source). */
  sourceRef: string | null;
  /** Small class code, e.g. `P0101`. */
  category: string;
  urgency: Urgency;
  state: CaseState;
  /** The state a parked case resumes to. */
  parkedFrom: CaseState | null;
  /** Why it was parked / rejected / voided / merged / returned last, for display. */
  stateReason: string | null;
  /** When a parked case is to be looked at again. */
  reviewAt: number | null;
  description: string;
  location: CaseLocation;
  /** Deepest jurisdiction containing the location (usually a community or grid). */
  jurisdictionId: string;
  /** Its materialized path `/city/district/street/…/`; scope checks are prefix tests on it. */
  jurisdictionPath: string;
  /** The operation centre in charge (street centre first; changes on escalation). */
  centreId: string;
  /** Level of that centre's jurisdiction: 'street' | 'district' | 'city'. */
  centreLevel: CentreLevel;
  /** Materialized path of that centre's jurisdiction: its staff act on the case when their scope covers it. */
  centrePath: string;
  /** The unit the case is dispatched to (null before the first dispatch and after a return). */
  unitId: string | null;
  /** The unit the responsibility matrix suggested at dispatch (for the override record). */
  suggestedUnitId: string | null;
  /** Master case this one was merged into. */
  masterId: string | null;
  /** Reports joined into this case (1 + merged duplicates). */
  reportCount: number;
  /** The reporter, stored once in `case_reporters`; shown masked. Null for systems. */
  reporterId: string | null;
  step: StepClock | null;
  extension: ExtensionRequest | null;
  /** Counters the evaluation reads. */
  dispatchCount: number;
  returnCount: number;
  reworkCount: number;
  extensionCount: number;
  escalationCount: number;
  /** Times a step went overdue (each raises a supervision order). */
  overdueCount: number;
  /** Milestones (epoch ms) the evaluation reads; null until reached. */
  reportedAt: number;
  filedAt: number | null;
  firstDispatchedAt: number | null;
  dispatchedAt: number | null;
  acceptedAt: number | null;
  handledAt: number | null;
  /** Handling due time at report-back: handled on time ⇔ handledAt ≤ handleDueAt. */
  handleDueAt: number | null;
  handledOnTime: boolean | null;
  verifiedAt: number | null;
  closedAt: number | null;
  /** Closed within every step's limit (no step ever overdue). */
  closedOnTime: boolean | null;
  /** 评价: satisfaction 1–5 after closing. */
  satisfaction: number | null;
  createdBy: string | null;
  updatedAt: number;
  /** Optimistic concurrency: +1 on every change; a command naming an older version is refused. */
  version: number;
}

/** The level of the operation centre in charge. */
export type CentreLevel = 'street' | 'district' | 'city';

/** A file stored with a case (photo), referenced from timeline entries by id. */
export interface AttachmentRef {
  id: string;
  name: string;
  mediaType: string;
  bytes: number;
}
