/**
 * Cases ↔ rows: the one place that knows how a Case, a timeline entry and a reporter are laid
 * out in their tables (location and step clock flattened, JSON as text, booleans as 0/1), and
 * the list cursor. Pure.
 */
import type { CaseEventTable, CaseReporterTable, CaseTable } from '../platform/db/schema-cases.ts';
import type { TimeLimit } from './calendar-types.ts';
import type { Urgency } from './catalogue-types.ts';
import type {
  Case,
  CaseEvent,
  CaseEventType,
  CaseLocation,
  CaseSource,
  CaseState,
  CaseStep,
  CentreLevel,
  ExtensionRequest,
  StepClock,
} from './case-types.ts';

/** A reporter's contact, stored once; the service masks it for display. */
export interface CaseReporter {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  /** How and when the reporter wants to be reached, as given. */
  contactNote: string | null;
  createdAt: number;
}

/** Where the next page of a case list starts: after this (reportedAt, id), newest first. */
export interface CaseCursor {
  reportedAt: number;
  id: string;
}

function bit(b: boolean | null): number | null {
  return b === null ? null : b ? 1 : 0;
}

function bool(n: number | null): boolean | null {
  return n === null ? null : n !== 0;
}

type StepColumns = Pick<
  CaseTable,
  'step_name' | 'step_started_at' | 'step_due_at' | 'step_limit' | 'step_paused_remaining_ms' | 'step_paused_ms' | 'step_overdue_at'
>;

function stepToColumns(clock: StepClock | null): StepColumns {
  if (!clock)
    return {
      step_name: null,
      step_started_at: null,
      step_due_at: null,
      step_limit: null,
      step_paused_remaining_ms: null,
      step_paused_ms: null,
      step_overdue_at: null,
    };
  const { step, startedAt, dueAt, limit, pausedRemainingMs, pausedMs, overdueAt } = clock;
  // A field added to StepClock fails to compile here until it gets a column (checked by type,
  // not with a rest pattern, which costs at run time: see caseToRow).
  const _none: Record<Exclude<keyof StepClock, 'step' | 'startedAt' | 'dueAt' | 'limit' | 'pausedRemainingMs' | 'pausedMs' | 'overdueAt'>, never> = {};
  return {
    step_name: step,
    step_started_at: startedAt,
    step_due_at: dueAt,
    step_limit: JSON.stringify(limit),
    step_paused_remaining_ms: pausedRemainingMs,
    step_paused_ms: pausedMs ?? null,
    step_overdue_at: overdueAt,
  };
}

function stepFromColumns(r: StepColumns): StepClock | null {
  if (r.step_name === null || r.step_started_at === null || r.step_due_at === null || r.step_limit === null) return null;
  return {
    step: r.step_name as CaseStep,
    startedAt: r.step_started_at,
    dueAt: r.step_due_at,
    limit: JSON.parse(r.step_limit) as TimeLimit,
    pausedRemainingMs: r.step_paused_remaining_ms,
    // Absent means "never parked": keep it absent so a round trip returns the same object.
    ...(r.step_paused_ms !== null ? { pausedMs: r.step_paused_ms } : {}),
    overdueAt: r.step_overdue_at,
  };
}

function locationToColumns(location: CaseLocation): Pick<CaseTable, 'lon' | 'lat' | 'address'> {
  const { lon, lat, address, ...unmapped } = location;
  const _none: Record<string, never> = unmapped;
  return { lon, lat, address };
}

/** The Case fields {@link caseToRow} puts in columns. */
// prettier-ignore
type MappedCaseField =
  | 'id' | 'code' | 'source' | 'sourceRef' | 'category' | 'urgency' | 'state' | 'parkedFrom' | 'stateReason' | 'reviewAt'
  | 'description' | 'location' | 'jurisdictionId' | 'jurisdictionPath' | 'centreId' | 'centreLevel' | 'centrePath' | 'unitId'
  | 'suggestedUnitId' | 'masterId' | 'reportCount' | 'reporterId' | 'step' | 'extension' | 'dispatchCount' | 'returnCount'
  | 'reworkCount' | 'extensionCount' | 'escalationCount' | 'overdueCount' | 'reportedAt' | 'filedAt' | 'firstDispatchedAt'
  | 'dispatchedAt' | 'acceptedAt' | 'handledAt' | 'handleDueAt' | 'handledOnTime' | 'verifiedAt' | 'closedAt' | 'closedOnTime'
  | 'satisfaction' | 'createdBy' | 'updatedAt' | 'version';

/** Case → its row. */
export function caseToRow(c: Case): CaseTable {
  // prettier-ignore
  const {
    id, code, source, sourceRef, category, urgency, state, parkedFrom, stateReason, reviewAt, description, location,
    jurisdictionId, jurisdictionPath, centreId, centreLevel, centrePath, unitId, suggestedUnitId, masterId, reportCount,
    reporterId, step, extension, dispatchCount, returnCount, reworkCount, extensionCount, escalationCount, overdueCount,
    reportedAt, filedAt, firstDispatchedAt, dispatchedAt, acceptedAt, handledAt, handleDueAt, handledOnTime, verifiedAt,
    closedAt, closedOnTime, satisfaction, createdBy, updatedAt, version,
  } = c;
  // A field added to Case fails to compile here until it gets a column. (A type-level check: a
  // rest pattern over fifty named fields cost more at run time than the rest of this function.)
  const _none: Record<Exclude<keyof Case, MappedCaseField>, never> = {};
  return {
    id,
    code,
    source,
    source_ref: sourceRef,
    category,
    urgency,
    state,
    parked_from: parkedFrom,
    state_reason: stateReason,
    review_at: reviewAt,
    description,
    ...locationToColumns(location),
    jurisdiction_id: jurisdictionId,
    jurisdiction_path: jurisdictionPath,
    centre_id: centreId,
    centre_level: centreLevel,
    centre_path: centrePath,
    unit_id: unitId,
    suggested_unit_id: suggestedUnitId,
    master_id: masterId,
    report_count: reportCount,
    reporter_id: reporterId,
    ...stepToColumns(step),
    extension: extension ? JSON.stringify(extension) : null,
    dispatch_count: dispatchCount,
    return_count: returnCount,
    rework_count: reworkCount,
    extension_count: extensionCount,
    escalation_count: escalationCount,
    overdue_count: overdueCount,
    reported_at: reportedAt,
    filed_at: filedAt,
    first_dispatched_at: firstDispatchedAt,
    dispatched_at: dispatchedAt,
    accepted_at: acceptedAt,
    handled_at: handledAt,
    handle_due_at: handleDueAt,
    handled_on_time: bit(handledOnTime),
    verified_at: verifiedAt,
    closed_at: closedAt,
    closed_on_time: bit(closedOnTime),
    satisfaction,
    created_by: createdBy,
    updated_at: updatedAt,
    version,
  };
}

/** Row → Case. */
export function caseFromRow(r: CaseTable): Case {
  return {
    id: r.id,
    code: r.code,
    source: r.source as CaseSource,
    sourceRef: r.source_ref,
    category: r.category,
    urgency: r.urgency as Urgency,
    state: r.state as CaseState,
    parkedFrom: r.parked_from as CaseState | null,
    stateReason: r.state_reason,
    reviewAt: r.review_at,
    description: r.description,
    location: { lon: r.lon, lat: r.lat, address: r.address },
    jurisdictionId: r.jurisdiction_id,
    jurisdictionPath: r.jurisdiction_path,
    centreId: r.centre_id,
    centreLevel: r.centre_level as CentreLevel,
    centrePath: r.centre_path,
    unitId: r.unit_id,
    suggestedUnitId: r.suggested_unit_id,
    masterId: r.master_id,
    reportCount: r.report_count,
    reporterId: r.reporter_id,
    step: stepFromColumns(r),
    extension: r.extension === null ? null : (JSON.parse(r.extension) as ExtensionRequest),
    dispatchCount: r.dispatch_count,
    returnCount: r.return_count,
    reworkCount: r.rework_count,
    extensionCount: r.extension_count,
    escalationCount: r.escalation_count,
    overdueCount: r.overdue_count,
    reportedAt: r.reported_at,
    filedAt: r.filed_at,
    firstDispatchedAt: r.first_dispatched_at,
    dispatchedAt: r.dispatched_at,
    acceptedAt: r.accepted_at,
    handledAt: r.handled_at,
    handleDueAt: r.handle_due_at,
    handledOnTime: bool(r.handled_on_time),
    verifiedAt: r.verified_at,
    closedAt: r.closed_at,
    closedOnTime: bool(r.closed_on_time),
    satisfaction: r.satisfaction,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** Timeline entry → its row, not yet published. */
export function eventToRow(e: CaseEvent): CaseEventTable {
  return {
    id: e.id,
    case_id: e.caseId,
    seq: e.seq,
    type: e.type,
    at: e.at,
    actor_id: e.actorId,
    actor_roles: JSON.stringify(e.actorRoles),
    note: e.note,
    attachments: JSON.stringify(e.attachments),
    before: JSON.stringify(e.before),
    after: JSON.stringify(e.after),
    published: 0,
  };
}

/** Row → timeline entry. */
export function eventFromRow(r: CaseEventTable): CaseEvent {
  return {
    id: r.id,
    caseId: r.case_id,
    seq: r.seq,
    type: r.type as CaseEventType,
    at: r.at,
    actorId: r.actor_id,
    actorRoles: JSON.parse(r.actor_roles) as string[],
    note: r.note,
    attachments: JSON.parse(r.attachments) as string[],
    before: JSON.parse(r.before) as Partial<Case>,
    after: JSON.parse(r.after) as Partial<Case>,
  };
}

/** Reporter → its row. */
export function reporterToRow(p: CaseReporter): CaseReporterTable {
  return { id: p.id, name: p.name, phone: p.phone, email: p.email, contact_note: p.contactNote, created_at: p.createdAt };
}

/** Row → reporter. */
export function reporterFromRow(r: CaseReporterTable): CaseReporter {
  return { id: r.id, name: r.name, phone: r.phone, email: r.email, contactNote: r.contact_note, createdAt: r.created_at };
}

/**
 * Encodes a list cursor as an opaque URL-safe string.
 * @example decodeCaseCursor(encodeCaseCursor({ reportedAt: 1, id: 'a' })); // { reportedAt: 1, id: 'a' }
 */
export function encodeCaseCursor(c: CaseCursor): string {
  return Buffer.from(`${c.reportedAt}.${c.id}`, 'utf8').toString('base64url');
}

/** Decodes a list cursor; null when it is not one this module made (the route answers 400). */
export function decodeCaseCursor(s: string): CaseCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(s)) return null;
  const m = /^(-?\d{1,16})\.([A-Za-z0-9_-]{1,64})$/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  if (!m) return null;
  const reportedAt = Number(m[1]);
  return Number.isSafeInteger(reportedAt) ? { reportedAt, id: m[2]! } : null;
}
