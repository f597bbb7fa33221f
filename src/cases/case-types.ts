/**
 * The case's types: what a case is (case-record.ts, re-exported here), the commands that move it,
 * who gives them and what each transition records. Pure types and constants shared by the state
 * machine, the store, the service, the evaluation and the routes, so none of them has to import
 * another to agree.
 *
 * The loop (GB/T 30428, CJJ/T 106): 信息采集 report → 立案 file → 派遣 dispatch → 处置 accept and
 * handle → 反馈 report back → 核查 verify → 结案 close → 评价 evaluate; with 退回 return, 返工
 * rework, 延期 extension, 挂账 park, 作废 void, 重复 merge, 上报 escalate and 督办 supervise.
 */
import type { TimeLimit, WarningLight } from './calendar-types.ts';
import type { Urgency } from './catalogue-types.ts';
import type { Case, CaseStep, CentreLevel } from './case-record.ts';

export { CASE_SOURCES, CASE_STATES, FINAL_STATES, OPEN_STATES } from './case-record.ts';
export type {
  CaseSource,
  CaseState,
  CaseStep,
  StepClock,
  CaseLocation,
  ExtensionRequest,
  Case,
  CentreLevel,
  AttachmentRef,
} from './case-record.ts';

/**
 * Commands, one per action in the loop. `note` is a free comment for the timeline; `reason` is
 * required where the standard asks for one.
 */
export type CaseCommand =
  | { type: 'file'; category?: string; urgency?: Urgency; note?: string }
  | { type: 'reject'; reason: string }
  | { type: 'merge'; masterId: string; reason: string }
  | { type: 'void'; reason: string }
  | { type: 'dispatch'; unitId: string; suggestedUnitId: string | null; overrideReason?: string; note?: string }
  | { type: 'accept'; note?: string }
  | { type: 'return'; reason: string }
  | { type: 'handle'; result: string; attachments?: string[] }
  | { type: 'verify'; passed: boolean; note: string; attachments?: string[] }
  | { type: 'close'; note?: string }
  | { type: 'request_extension'; extra: TimeLimit; reason: string }
  | { type: 'decide_extension'; approve: boolean; note?: string }
  | { type: 'park'; reason: string; reviewAt: number }
  | { type: 'resume'; note?: string }
  | { type: 'reopen'; reason: string }
  | { type: 'escalate'; reason: string; toCentreId: string; toCentreLevel: CentreLevel; toCentrePath: string }
  | { type: 'set_deadline'; dueAt: number; reason: string }
  | { type: 'mark_overdue' }
  | { type: 'add_report'; duplicateId: string }
  | { type: 'evaluate'; satisfaction: number; comment?: string }
  | { type: 'comment'; note: string; attachments?: string[] };

/** A command's name. */
export type CaseCommandType = CaseCommand['type'];

/** Who gives a command. `system` is the platform itself (scheduler, alert policies, imports). */
export interface Actor {
  /** User id, or `system`. */
  id: string;
  roles: readonly string[];
  /** Materialized path of the actor's jurisdiction scope. */
  scopePath: string;
  /** The actor's unit: a handler may act only on cases dispatched to it. */
  unitId: string | null;
  system?: boolean;
}

/** The kinds of timeline entry, one per transition kind. */
export type CaseEventType =
  | 'reported'
  | 'filed'
  | 'rejected'
  | 'merged'
  | 'voided'
  | 'dispatched'
  | 'accepted'
  | 'returned'
  | 'handled'
  | 'verified'
  | 'rework'
  | 'closed'
  | 'extension_requested'
  | 'extension_approved'
  | 'extension_denied'
  | 'parked'
  | 'resumed'
  | 'reopened'
  | 'escalated'
  | 'deadline_set'
  | 'overdue'
  | 'report_added'
  | 'evaluated'
  | 'commented';

/**
 * One timeline entry: written in the same transaction as the change, never edited afterwards.
 * Doubles as the outbox of `cases` bus events (published once, by id).
 */
export interface CaseEvent {
  id: string;
  caseId: string;
  /** 1, 2, 3… per case. */
  seq: number;
  type: CaseEventType;
  at: number;
  actorId: string;
  /** The actor's roles at the time, for the record. */
  actorRoles: string[];
  note: string | null;
  attachments: string[];
  /** Fields that changed: before and after. */
  before: Partial<Case>;
  after: Partial<Case>;
}

/** What a successful transition returns: the new case and the entries to append (without id/seq). */
export interface TransitionResult {
  case: Case;
  events: Omit<CaseEvent, 'id' | 'seq' | 'caseId'>[];
}

/** Why a command was refused; `code` is the stable problem code, `field` names the bad input. */
export interface TransitionError {
  error: {
    status: 403 | 409 | 422;
    code: string;
    message: string;
    field?: string;
  };
}

/** A step's supervision light and how far along it is. */
export interface StepStatus {
  step: CaseStep;
  dueAt: number;
  /** Elapsed share of the limit (1 = due now), paused while parked. */
  fraction: number;
  light: WarningLight;
}

/** Bus subject of case events (one {@link CaseBusEvent} per timeline entry). */
export const CASES_SUBJECT = 'cases';

/** What the cases module publishes on `cases`. */
export interface CaseBusEvent {
  type: `case.${CaseEventType}`;
  /** The timeline entry id; stable across re-publication, so consumers de-duplicate by it. */
  eventId: string;
  case: Case;
  entry: CaseEvent;
}
