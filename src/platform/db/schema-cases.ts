/**
 * The cases tables as Kysely sees them (see migration 0005 for the DDL and indexes). Times are
 * UTC epoch ms; JSON as text; booleans as 0/1. Column names are the case's field names in
 * snake_case; the mapping lives in `src/cases/row-codecs.ts`.
 */

/** One case (案件): one column per field of the case, the location and step clock flattened. */
export interface CaseTable {
  id: string;
  code: string;
  source: string;
  source_ref: string | null;
  category: string;
  urgency: string;
  state: string;
  parked_from: string | null;
  state_reason: string | null;
  review_at: number | null;
  description: string;
  lon: number;
  lat: number;
  address: string | null;
  jurisdiction_id: string;
  /** Materialized path; binary collation so prefix ranges are exact on both dialects. */
  jurisdiction_path: string;
  centre_id: string;
  centre_level: string;
  centre_path: string;
  unit_id: string | null;
  suggested_unit_id: string | null;
  master_id: string | null;
  report_count: number;
  reporter_id: string | null;
  /** The step clock, flattened; all seven are null when the case has no running step. */
  step_name: string | null;
  step_started_at: number | null;
  step_due_at: number | null;
  /** JSON of the step's TimeLimit. */
  step_limit: string | null;
  step_paused_remaining_ms: number | null;
  /** Time the step spent parked before its last resume; null when it never was (0). */
  step_paused_ms: number | null;
  step_overdue_at: number | null;
  /** JSON of the pending ExtensionRequest. */
  extension: string | null;
  dispatch_count: number;
  return_count: number;
  rework_count: number;
  extension_count: number;
  escalation_count: number;
  overdue_count: number;
  reported_at: number;
  filed_at: number | null;
  first_dispatched_at: number | null;
  dispatched_at: number | null;
  accepted_at: number | null;
  handled_at: number | null;
  handle_due_at: number | null;
  /** 0/1, null until handled. */
  handled_on_time: number | null;
  verified_at: number | null;
  closed_at: number | null;
  /** 0/1, null until closed. */
  closed_on_time: number | null;
  satisfaction: number | null;
  created_by: string | null;
  updated_at: number;
  version: number;
}

/** One timeline entry of a case; append-only, and the outbox of `cases` bus events. */
export interface CaseEventTable {
  id: string;
  case_id: string;
  seq: number;
  type: string;
  at: number;
  actor_id: string;
  /** JSON array of role names. */
  actor_roles: string;
  note: string | null;
  /** JSON array of attachment ids. */
  attachments: string;
  /** JSON of the changed fields before the transition. */
  before: string;
  /** JSON of the changed fields after it. */
  after: string;
  /** 0 until the entry's bus event was published, then 1. */
  published: number;
}

/** A reporter's contact, stored once per case; the service masks it for display. */
export interface CaseReporterTable {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  contact_note: string | null;
  created_at: number;
}

/** The last sequence number given out per code prefix (`<jurisdiction code>-<YYYYMMDD>`). */
export interface CaseCodeSeqTable {
  prefix: string;
  last: number;
}

/** A pending deadline of a case, claimed by one scheduler worker at a time. */
export interface CaseTimerTable {
  id: string;
  case_id: string;
  /** step_due | step_warn | review */
  kind: string;
  due_at: number;
  claimed_by: string | null;
  /** The claim's lease: after this time another worker may take the timer. */
  claimed_until: number | null;
}

/** A supervision order (督办单) raised when a step went overdue. */
export interface SupervisionOrderTable {
  id: string;
  case_id: string;
  /** The centre in charge when the step went overdue. */
  from_centre_id: string;
  /** The centre the order goes to, which resolves it. */
  to_centre_id: string;
  to_centre_level: string;
  step: string;
  step_due_at: number;
  raised_at: number;
  /** open | resolved */
  state: string;
  /** redispatch | new_deadline | escalate, null while open */
  resolution: string | null;
  note: string | null;
  resolved_by: string | null;
  resolved_at: number | null;
}

/** A possible duplicate: a new report and an open case it may repeat. */
export interface DuplicateProposalTable {
  id: string;
  /** The new report. */
  case_id: string;
  /** The candidate master case. */
  master_id: string;
  distance_m: number;
  age_ms: number;
  confidence: number;
  /** proposed | merged | dismissed */
  decision: string;
  reason: string | null;
  decided_by: string | null;
  decided_at: number | null;
  created_at: number;
}

/** A file uploaded for a case (a photo), on disk by content hash or in the row. */
export interface CaseAttachmentTable {
  id: string;
  /** Null while uploaded but not yet attached (uploads come before the case or command). */
  case_id: string | null;
  name: string;
  media_type: string;
  bytes: number;
  /** Hex SHA-256 of the content; also its file name on disk. */
  sha256: string;
  /** disk | db */
  storage: string;
  /** The content when `storage` is `db` (blob / bytea). */
  data: Buffer | null;
  uploaded_by: string;
  created_at: number;
}

/** A unit's webhook: case events of the listed types are POSTed to its URL, signed. */
export interface WebhookSubscriptionTable {
  id: string;
  unit_id: string;
  url: string;
  /** Kept in clear: signing needs it (HMAC), unlike a token that is only ever compared. */
  secret: string;
  /** JSON array of event types. */
  event_types: string;
  active: number;
  created_at: number;
  created_by: string | null;
}

/** One event to deliver to one subscription, retried until delivered or dead. */
export interface WebhookDeliveryTable {
  id: string;
  subscription_id: string;
  event_id: string;
  /** The JSON body as it will be signed and sent. */
  payload: string;
  attempts: number;
  next_attempt_at: number | null;
  /** pending | delivered | dead */
  state: string;
  last_error: string | null;
  last_status: number | null;
  created_at: number;
  delivered_at: number | null;
}

/** Every cases table. */
export interface CasesTables {
  cases: CaseTable;
  case_events: CaseEventTable;
  case_reporters: CaseReporterTable;
  case_code_seq: CaseCodeSeqTable;
  case_timers: CaseTimerTable;
  supervision_orders: SupervisionOrderTable;
  duplicate_proposals: DuplicateProposalTable;
  case_attachments: CaseAttachmentTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_deliveries: WebhookDeliveryTable;
}
