/**
 * The shapes of the personal-data routes (issue 6), copied from the server's zod schemas:
 * src/registry/routes.ts, src/registry/grant-routes.ts, src/audit/routes.ts. When a route's
 * answer changes, change it here too.
 */

/** The kinds of base record: 人口, 法人, 房屋. */
export const RECORD_KINDS = ['person', 'entity', 'housing'] as const;
/** One kind of base record. */
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The purposes personal data may be used for (src/registry/grant-model.ts PURPOSES). */
export const PURPOSES = ['welfare_visit', 'case_handling', 'epidemic_investigation', 'bulk_export'] as const;
/** One purpose code. */
export type Purpose = (typeof PURPOSES)[number];
/** Purposes whose grants must name the case they serve. */
export const PURPOSES_NEEDING_CASE: readonly Purpose[] = ['case_handling', 'epidemic_investigation'];
/** The longest a grant of each purpose may last, from its request (ms). */
export const MAX_GRANT_DAYS: Readonly<Record<Purpose, number>> = {
  welfare_visit: 7,
  case_handling: 30,
  epidemic_investigation: 14,
  bulk_export: 1,
};

/** Classification levels, least protected first (src/registry/classification.ts). */
export type Level = 'public' | 'internal' | 'sensitive' | 'core';

/** A field's value: text, a list (tags, licences, resident ids), or nothing. */
export type FieldValue = string | string[] | null;

/** `GET /api/v1/registry/:kind/:id` and the list's items. */
export interface RegistryRecord {
  id: string;
  kind: RecordKind;
  communityId: string;
  jurisdictionPath: string;
  building: string | null;
  tags: string[];
  fields: Record<string, FieldValue>;
  /** Fields shown masked; empty when a grant revealed them. */
  masked: string[];
  /** The purpose grant that revealed protected fields. */
  grantId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** `GET /api/v1/registry/:kind`. */
export interface RegistryPage {
  items: RegistryRecord[];
  nextCursor: string | null;
}

/** The kinds of record a grant can cover. */
export type GrantSubjectKind = RecordKind | 'checkin';

/** Where a grant is in its life. */
export type GrantStatus = 'requested' | 'approved' | 'denied' | 'revoked';

/** A purpose grant (用途授权) as answered. */
export interface Grant {
  id: string;
  granteeUserId: string;
  purpose: Purpose;
  scope:
    | { kind: 'records'; subjectKind: GrantSubjectKind; ids: string[] }
    | { kind: 'jurisdiction'; subjectKind: GrantSubjectKind; path: string };
  caseId: string | null;
  reason: string;
  status: GrantStatus;
  requestedBy: string;
  requestedAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
  validFrom: number;
  validUntil: number;
  revokedAt: number | null;
  decisionNote: string | null;
}

/** `POST /api/v1/grants`. */
export interface GrantRequest {
  granteeUserId?: string;
  purpose: Purpose;
  scope:
    | { kind: 'records'; subjectKind: GrantSubjectKind; ids: string[] }
    | { kind: 'jurisdiction'; subjectKind: GrantSubjectKind; jurisdictionId: string };
  caseId?: string | null;
  reason: string;
  validUntil: number;
}

/** One entry of the audit log. */
export interface AuditEntry {
  seq: number;
  id: string;
  at: number;
  actor: { kind: 'user' | 'system' | 'anonymous'; id: string | null; name: string };
  action: string;
  subject: { kind: string; id: string | null; path: string | null };
  purpose: string | null;
  grantId: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  detail: Record<string, unknown>;
  hash: string;
}

/** `GET /api/v1/audit/entries` filters; times are epoch ms. */
export interface AuditQuery {
  actor?: string;
  action?: string;
  subjectKind?: string;
  subjectId?: string;
  purpose?: string;
  from?: number;
  to?: number;
  cursor?: string;
  limit?: number;
}

/** `GET /api/v1/audit/verify`. */
export interface ChainVerdict {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string };
  broken: {
    kind: 'altered' | 'missing' | 'relinked';
    seq: number;
    id: string | null;
    expectedHash: string;
    storedHash: string | null;
    found: { seq: number; id: string } | null;
    message: string;
  } | null;
}
