/**
 * Purpose grants (用途授权): the only way personal information comes back unmasked. A grant
 * names who may see, what (listed records or a jurisdiction subtree of one kind), for which
 * purpose, approved by whom, and until when. Pure types and rules, no I/O; the registry
 * service stores grants and answers `GrantChecker` questions for other modules (check-ins).
 */

/** The purposes personal data may be used for. */
export const PURPOSES = {
  welfare_visit: { zh: '关爱走访', en: 'Welfare visit' },
  case_handling: { zh: '案件处置', en: 'Case handling' },
  epidemic_investigation: { zh: '流调溯源', en: 'Epidemic investigation' },
  bulk_export: { zh: '批量导出', en: 'Bulk export' },
} as const;

/** One purpose code. */
export type Purpose = keyof typeof PURPOSES;

/** The kinds of record a grant can cover. */
export type GrantSubjectKind = 'person' | 'entity' | 'housing' | 'checkin';

/** What a grant covers: listed records, or every record of a kind inside a jurisdiction subtree. */
export type GrantScope =
  | { kind: 'records'; subjectKind: GrantSubjectKind; ids: readonly string[] }
  | { kind: 'jurisdiction'; subjectKind: GrantSubjectKind; path: string };

/** Where a grant is in its life. Only `approved` grants inside their validity reveal anything. */
export type GrantStatus = 'requested' | 'approved' | 'denied' | 'revoked';

/** A purpose grant as stored. Times are epoch ms. */
export interface Grant {
  id: string;
  /** The user the grant lets see. */
  granteeUserId: string;
  purpose: Purpose;
  scope: GrantScope;
  /** The case the purpose serves (required for epidemic investigation and case handling). */
  caseId: string | null;
  /** Why it is needed, in the requester's words (no personal data). */
  reason: string;
  status: GrantStatus;
  requestedBy: string;
  requestedAt: number;
  /** Who approved or denied it; never the grantee. */
  decidedBy: string | null;
  decidedAt: number | null;
  validFrom: number;
  validUntil: number;
  revokedAt: number | null;
}

/** The question other modules ask: may this user, for this purpose, see this record? */
export interface GrantQuestion {
  userId: string;
  purpose: Purpose;
  subjectKind: GrantSubjectKind;
  /** The record asked for, or null when asking for a whole scope (a query, an export). */
  subjectId: string | null;
  /** The record's (or the query's) jurisdiction path. */
  path: string;
  /** Required to match when the grant names a case. */
  caseId?: string | null;
}

/** What modules outside the registry depend on to check grants. */
export interface GrantChecker {
  /** The active grant answering the question, or null (no grant, expired, revoked, forged). */
  find(question: GrantQuestion, now: number): Promise<Grant | null>;
}

/** Whether a grant is in force at `now`. */
export function grantActive(grant: Grant, now: number): boolean {
  return grant.status === 'approved' && grant.revokedAt === null && grant.validFrom <= now && now < grant.validUntil;
}

/** Whether an active grant covers the question (purpose, kind, record or subtree, case). */
export function grantCovers(grant: Grant, q: GrantQuestion, now: number): boolean {
  if (!grantActive(grant, now) || grant.granteeUserId !== q.userId || grant.purpose !== q.purpose) return false;
  if (grant.scope.subjectKind !== q.subjectKind) return false;
  if (grant.caseId !== null && (q.caseId ?? null) !== grant.caseId) return false;
  if (grant.scope.kind === 'jurisdiction') return q.path.startsWith(grant.scope.path);
  return q.subjectId !== null && grant.scope.ids.includes(q.subjectId);
}

/** The longest a grant of each purpose may last, from its request (ms). */
export const MAX_GRANT_DURATION_MS: Readonly<Record<Purpose, number>> = {
  welfare_visit: 7 * 86_400_000,
  case_handling: 30 * 86_400_000,
  epidemic_investigation: 14 * 86_400_000,
  bulk_export: 86_400_000,
};

/** Purposes whose grants must name the case they serve. */
export const PURPOSES_NEEDING_CASE: ReadonlySet<Purpose> = new Set<Purpose>(['case_handling', 'epidemic_investigation']);

/** Roles that decide grants (approve, deny, revoke) inside their scope. */
export const GRANT_DECIDERS = ['shift_lead', 'admin'] as const;

/** Whether a string is a purpose code. */
export function isPurpose(s: string): s is Purpose {
  return Object.prototype.hasOwnProperty.call(PURPOSES, s);
}

/**
 * The deepest path containing every path (their common ancestor): the scope of a grant over
 * listed records, against which the approver's scope is checked.
 * @example commonPath(['/a/b/c/', '/a/b/d/']); // '/a/b/'
 */
export function commonPath(paths: readonly string[]): string {
  if (paths.length === 0) return '/';
  let parts = paths[0]!.split('/').filter(Boolean);
  for (const p of paths.slice(1)) {
    const other = p.split('/').filter(Boolean);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
}
