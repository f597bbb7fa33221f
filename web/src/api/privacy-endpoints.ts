/** The personal-data routes (issue 6): the base-data registry, purpose grants, the audit log. */
import { api } from './client.ts';
import type {
  AuditEntry,
  AuditQuery,
  ChainVerdict,
  Grant,
  GrantRequest,
  Purpose,
  RecordKind,
  RegistryPage,
  RegistryRecord,
} from './privacy-types.ts';

const enc = encodeURIComponent;

/** Base records (人口、法人、房屋); masked unless a grant of the caller's for `purpose` covers them. Every read is audited. */
export const registryApi = {
  list: (
    kind: RecordKind,
    query: { jurisdiction?: string; tag?: string; q?: string; purpose?: Purpose; cursor?: string | null; limit?: number },
  ) => api.get<RegistryPage>(`/api/v1/registry/${enc(kind)}`, { query: { ...query, cursor: query.cursor ?? undefined } }),
  /** 404 when the record is outside the caller's jurisdiction (the same as a missing one). */
  get: (kind: RecordKind, id: string, query: { purpose?: Purpose; caseId?: string } = {}) =>
    api.get<RegistryRecord>(`/api/v1/registry/${enc(kind)}/${enc(id)}`, { query }),
};

/** Purpose grants (用途授权). */
export const grantsApi = {
  /** `mine`: grants held or asked for; `to_approve`: requests awaiting the caller's decision. */
  list: (view: 'mine' | 'to_approve') => api.get<{ items: Grant[] }>('/api/v1/grants', { query: { view } }),
  /** One grant: its grantee's, its requester's, or a decider's over its scope; 404 to anyone else. */
  get: (id: string) => api.get<Grant>(`/api/v1/grants/${enc(id)}`),
  request: (body: GrantRequest) => api.post<Grant>('/api/v1/grants', body),
  approve: (id: string, note?: string) => api.post<Grant>(`/api/v1/grants/${enc(id)}/approve`, note ? { note } : {}),
  deny: (id: string, note: string) => api.post<Grant>(`/api/v1/grants/${enc(id)}/deny`, { note }),
  revoke: (id: string, note?: string) => api.post<Grant>(`/api/v1/grants/${enc(id)}/revoke`, note ? { note } : {}),
};

/** The audit log: auditors search within their scope; city-wide auditors and admins verify the chain. */
export const auditApi = {
  entries: (query: AuditQuery) =>
    api.get<{ items: AuditEntry[]; nextCursor: string | null }>('/api/v1/audit/entries', { query: { ...query } }),
  verify: () => api.get<ChainVerdict>('/api/v1/audit/verify'),
};
