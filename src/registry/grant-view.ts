/**
 * What the grant service takes and answers: who acts, a request as the API takes it, a grant the
 * platform issues for a task, and a grant as answered (read from its row by `toGrant`).
 */
import type { Principal } from '../platform/http/access.ts';
import type { PurposeGrantTable } from '../platform/db/schema-registry.ts';
import type { Grant, GrantStatus, GrantSubjectKind, Purpose } from './grant-model.ts';

/** Who acts on grants. */
export type GrantActor = Pick<Principal, 'userId' | 'username' | 'roles' | 'scopePath'>;

/** A grant request as the API takes it. */
export interface GrantRequest {
  granteeUserId: string;
  purpose: Purpose;
  scope:
    | { kind: 'jurisdiction'; subjectKind: GrantSubjectKind; jurisdictionId: string }
    | { kind: 'records'; subjectKind: GrantSubjectKind; ids: readonly string[] };
  caseId?: string | null;
  reason: string;
  validUntil: number;
}

/** A grant the platform issues for a task (see `issueForTask`). */
export interface TaskGrant {
  granteeUserId: string;
  purpose: Purpose;
  subjectKind: Exclude<GrantSubjectKind, 'checkin'>;
  ids: readonly string[];
  caseId: string;
  reason: string;
  validUntil: number;
  /** The system marker deciding it, e.g. `system:policy:<policyId>`. */
  decidedBy: string;
}

/** A grant as answered: the contract's Grant plus the decider's note. */
export interface GrantView extends Grant {
  decisionNote: string | null;
}

/** A grant row as answered (its listed ids are stored as a JSON array). */
export function toGrant(r: PurposeGrantTable): GrantView {
  const subjectKind = r.subject_kind as GrantSubjectKind;
  return {
    id: r.id,
    granteeUserId: r.grantee_user_id,
    purpose: r.purpose as Purpose,
    scope:
      r.scope_kind === 'records'
        ? { kind: 'records', subjectKind, ids: JSON.parse(r.scope_ids ?? '[]') as string[] }
        : { kind: 'jurisdiction', subjectKind, path: r.scope_path },
    caseId: r.case_id,
    reason: r.reason,
    status: r.status as GrantStatus,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    revokedAt: r.revoked_at,
    decisionNote: r.decision_note,
  };
}
