/**
 * The case shapes the platform answers — cases, timeline, queues, catalogue, units, duplicates,
 * supervision orders — written from the server's zod schemas (see /api/docs), like types.ts,
 * which re-exports them.
 */

/** Where a case is in the loop (src/cases/case-types.ts). */
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
] as const;
/** One case state. */
export type CaseState = (typeof CASE_STATES)[number];

/** Where a case came from. */
export const CASE_SOURCES = ['alert', 'inspector', 'hotline', 'citizen', 'import', 'community'] as const;
/** One case source. */
export type CaseSource = (typeof CASE_SOURCES)[number];

/** How urgent a case is. */
export type Urgency = 'urgent' | 'high' | 'normal';
/** A step of the loop with its own clock. */
export type CaseStep = 'dispatch' | 'handle' | 'verify' | 'close';
/** The current step's deadline light. */
export type Light = 'green' | 'yellow' | 'red';

/** A time limit. */
export interface TimeLimit {
  amount: number;
  unit: 'working_hours' | 'working_days' | 'calendar_hours' | 'calendar_minutes';
}

/** `GET /api/v1/cases/:id` (and the items of lists and queues). */
export interface Case {
  id: string;
  code: string;
  source: CaseSource;
  sourceRef: string | null;
  category: string;
  urgency: Urgency;
  state: CaseState;
  parkedFrom: CaseState | null;
  stateReason: string | null;
  reviewAt: number | null;
  description: string;
  location: { lon: number; lat: number; address: string | null };
  jurisdictionId: string;
  jurisdictionPath: string;
  centreId: string;
  centreLevel: 'street' | 'district' | 'city';
  centrePath: string;
  unitId: string | null;
  suggestedUnitId: string | null;
  masterId: string | null;
  reportCount: number;
  reporterId: string | null;
  step: {
    step: CaseStep;
    startedAt: number;
    dueAt: number;
    limit: TimeLimit;
    pausedRemainingMs: number | null;
    pausedMs?: number;
    overdueAt: number | null;
  } | null;
  extension: { requestedAt: number; requestedBy: string; extra: TimeLimit; reason: string } | null;
  dispatchCount: number;
  returnCount: number;
  reworkCount: number;
  extensionCount: number;
  escalationCount: number;
  overdueCount: number;
  reportedAt: number;
  filedAt: number | null;
  firstDispatchedAt: number | null;
  dispatchedAt: number | null;
  acceptedAt: number | null;
  handledAt: number | null;
  handleDueAt: number | null;
  handledOnTime: boolean | null;
  verifiedAt: number | null;
  closedAt: number | null;
  closedOnTime: boolean | null;
  satisfaction: number | null;
  createdBy: string | null;
  updatedAt: number;
  version: number;
  status: { step: CaseStep; dueAt: number; fraction: number; light: Light } | null;
}

/** Timeline entry types (src/cases/case-types.ts). */
export const CASE_EVENT_TYPES = [
  'reported',
  'filed',
  'rejected',
  'merged',
  'voided',
  'dispatched',
  'accepted',
  'returned',
  'handled',
  'verified',
  'rework',
  'closed',
  'extension_requested',
  'extension_approved',
  'extension_denied',
  'parked',
  'resumed',
  'reopened',
  'escalated',
  'deadline_set',
  'overdue',
  'report_added',
  'evaluated',
  'commented',
] as const;
/** One timeline entry type. */
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** `GET /api/v1/cases/:id/timeline` items. */
export interface CaseEvent {
  id: string;
  caseId: string;
  seq: number;
  /** One of {@link CASE_EVENT_TYPES}; kept a string so a newer server does not break the page. */
  type: string;
  at: number;
  actorId: string;
  actorRoles: string[];
  note: string | null;
  attachments: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** A page of cases (lists and queues). */
export interface CasePage {
  items: Case[];
  nextCursor: string | null;
}

/** The work queues. */
export const QUEUES = ['mine', 'to-dispatch', 'to-verify', 'overdue'] as const;
/** One work queue. */
export type QueueName = (typeof QUEUES)[number];

/** What a command answers. */
export interface CommandAnswer {
  case: Case;
  events: CaseEvent[];
}

/** A small class of the 部件/事件 catalogue (`GET /api/v1/catalogue`). */
export interface CatalogueItem {
  code: string;
  bigClass: string;
  kind: 'component' | 'event';
  zh: string;
  en: string;
  departmentKind: string;
}

/** `GET /api/v1/catalogue`. */
export interface Catalogue {
  bigClasses: Array<{ code: string; kind: string; zh: string; en: string }>;
  items: CatalogueItem[];
}

/** A centre or department (`GET /api/v1/units`, `/units/:id`). */
export interface Unit {
  id: string;
  code: string;
  kind: 'centre' | 'department';
  departmentKind: string | null;
  name: string;
  nameEn: string | null;
  jurisdictionId: string;
}

/** `GET /api/v1/responsibilities/resolve`: the unit the matrix names for a category at a place. */
export interface ResponsibleUnit {
  unit: Unit;
  setAt: string;
}

/** A duplicate the platform proposed when a report came in (`POST /api/v1/cases` answer). */
export interface ProposedDuplicate {
  masterId: string;
  distanceM: number;
  ageMs: number;
  confidence: number;
  reason: { zh: string; en: string };
}

/** A stored duplicate proposal (`GET /api/v1/cases/:id/duplicates`). */
export interface DuplicateProposal {
  id: string;
  caseId: string;
  masterId: string;
  distanceM: number;
  ageMs: number;
  confidence: number;
  decision: 'proposed' | 'merged' | 'dismissed';
  reason: string | null;
  decidedBy: string | null;
  decidedAt: number | null;
  createdAt: number;
}

/** `POST /api/v1/cases` body. */
export interface ReportInput {
  category: string;
  urgency?: Urgency;
  description: string;
  location: { lon: number; lat: number; address?: string };
  reporter?: { name?: string; phone?: string };
  attachments?: string[];
}

/** `POST /api/v1/cases` answer. */
export interface ReportAnswer {
  case: Case;
  duplicates: ProposedDuplicate[];
  existing: boolean;
}

/** `POST /api/v1/attachments` answer. */
export interface AttachmentRef {
  id: string;
  name: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  createdAt: number;
}

/** A supervision order (督办单), `GET /api/v1/supervision-orders`. */
export interface SupervisionOrder {
  id: string;
  caseId: string;
  fromCentreId: string;
  toCentreId: string;
  toCentreLevel: string;
  step: string;
  stepDueAt: number;
  raisedAt: number;
  state: 'open' | 'resolved';
  resolution: 'redispatch' | 'new_deadline' | 'escalate' | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
}

/** How a supervision order is resolved (`POST /api/v1/supervision-orders/:id/resolve`). */
export type SupervisionResolution =
  | { resolution: 'redispatch'; unitId: string; note?: string }
  | { resolution: 'new_deadline'; dueAt: number; note: string }
  | { resolution: 'escalate'; note: string };
