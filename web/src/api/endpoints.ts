/**
 * One typed function per platform route the app uses. Pages call these, not `fetch`; add the
 * routes your page needs here (and their answer types in types.ts).
 */
import { api, ApiError, withQuery } from './client.ts';
import type {
  AttachmentRef,
  Case,
  CaseEvent,
  CasePage,
  Catalogue,
  CommandAnswer,
  DemoAccounts,
  DuplicateProposal,
  EvaluationAnswer,
  FeatureCollection,
  Jurisdiction,
  JurisdictionLevel,
  JurisdictionRef,
  Me,
  QueueName,
  ReportAnswer,
  ReportInput,
  ResponsibleUnit,
  SignInAnswer,
  SupervisionOrder,
  SupervisionResolution,
  Unit,
} from './types.ts';

const enc = encodeURIComponent;

/** Sign-in, sign-out and the caller's identity. */
export const authApi = {
  /** Signs in; keeps the CSRF token for later unsafe requests. A wrong password answers 401 INVALID_CREDENTIALS. */
  async signIn(username: string, password: string): Promise<SignInAnswer> {
    const answer = await api.post<SignInAnswer>('/api/v1/auth/sign-in', { username, password }, { expectUnauthenticated: true });
    api.setCsrfToken(answer.csrfToken);
    return answer;
  },
  /** The caller, or null when not signed in. */
  async me(): Promise<Me | null> {
    try {
      const me = await api.get<Me>('/api/v1/auth/me', { expectUnauthenticated: true });
      api.setCsrfToken(me.csrfToken);
      return me;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  async signOut(): Promise<void> {
    try {
      await api.post('/api/v1/auth/sign-out', undefined, { expectUnauthenticated: true });
    } finally {
      api.setCsrfToken(null);
    }
  },
};

/** Proving the password again, and changing it (src/directory/credential-routes.ts). */
export const credentialApi = {
  /** Admin actions are allowed for a few minutes after this; a wrong password answers 400 WRONG_PASSWORD on `password`. */
  reauth: (password: string) => api.post<{ ok: true }>('/api/v1/auth/reauth', { password }),
  /** Changes the caller's password (allowed while it has expired); policy problems name `newPassword`, a wrong current one `currentPassword`. */
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<{ ok: true }>('/api/v1/auth/password', { currentPassword, newPassword }),
};

/** The demo sign-ins; null when the platform runs without the demo. */
export async function demoAccounts(): Promise<DemoAccounts | null> {
  try {
    return await api.get<DemoAccounts>('/api/v1/demo/accounts');
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** The jurisdiction tree (public). */
export const geoApi = {
  async city(): Promise<Jurisdiction | null> {
    const { items } = await api.get<{ items: Jurisdiction[] }>('/api/v1/jurisdictions', { query: { level: 'city' } });
    return items[0] ?? null;
  },
  list: (query: { level?: string; parent?: string }) => api.get<{ items: Jurisdiction[] }>('/api/v1/jurisdictions', { query }),
};

/** Cases and work queues. */
export const casesApi = {
  queue: (name: QueueName, cursor?: string | null, limit = 50) =>
    api.get<CasePage>(`/api/v1/queues/${enc(name)}`, { query: { cursor: cursor ?? undefined, limit } }),
  get: (idOrCode: string) => api.get<Case>(`/api/v1/cases/${enc(idOrCode)}`),
  timeline: (idOrCode: string) => api.get<CaseEvent[]>(`/api/v1/cases/${enc(idOrCode)}/timeline`),
  /** Gives a command; pass the version you saw (a newer one answers 409 CASE_VERSION_CONFLICT). */
  command: (id: string, command: { type: string; version?: number } & Record<string, unknown>) =>
    api.post<CommandAnswer>(`/api/v1/cases/${enc(id)}/commands`, command),
};

let catalogue: Promise<Catalogue> | null = null;

/** The case catalogue (public, fetched once per page load). */
export function catalogueApi(): Promise<Catalogue> {
  catalogue ??= api.get<Catalogue>('/api/v1/catalogue').catch((e: unknown) => {
    catalogue = null;
    throw e;
  });
  return catalogue;
}

/** Reporting cases and what hangs off a case (reporter, duplicates). */
export const reportApi = {
  /** Reports a case (信息采集); answers the case and the duplicates proposed. */
  report: (input: ReportInput) => api.post<ReportAnswer>('/api/v1/cases', input),
  /** The reporter, masked; null for reports from systems. */
  reporter: (idOrCode: string) =>
    api.get<{ name: string | null; phone: string | null; email: string | null } | null>(`/api/v1/cases/${enc(idOrCode)}/reporter`),
  /** Open cases this report may repeat, most confident first. */
  duplicates: (idOrCode: string) => api.get<DuplicateProposal[]>(`/api/v1/cases/${enc(idOrCode)}/duplicates`),
  /** Merges the report into the proposed master, or dismisses the proposal; a reason is required either way. */
  decideDuplicate: (proposalId: string, decision: 'merge' | 'dismiss', reason: string) =>
    api.post<{ decided: true }>(`/api/v1/duplicate-proposals/${enc(proposalId)}/decision`, { decision, reason }),
};

/** Case photos. */
export const attachmentsApi = {
  /** Uploads one image as the raw body (its own Content-Type); cite the answered id in a report or command. */
  upload: (file: Blob, name: string) => api.post<AttachmentRef>('/api/v1/attachments', file, { query: { name } }),
  /** Where the browser loads a photo from (same origin, with the session cookie). */
  url: (id: string) => `/api/v1/attachments/${enc(id)}`,
};

/** Units (centres, departments) and the responsibility matrix. */
export const unitsApi = {
  get: (idOrCode: string) => api.get<Unit>(`/api/v1/units/${enc(idOrCode)}`),
  /** Units in a jurisdiction subtree (default: the caller's scope). */
  list: (query: { jurisdiction?: string; kind?: 'centre' | 'department' }) => api.get<{ items: Unit[] }>('/api/v1/units', { query }),
  /** The unit the matrix names for `category` at `jurisdiction` (404 NO_RESPONSIBLE_UNIT when none). */
  resolve: (category: string, jurisdiction: string) =>
    api.get<ResponsibleUnit>('/api/v1/responsibilities/resolve', { query: { category, jurisdiction } }),
};

/** Supervision orders (督办单). */
export const supervisionApi = {
  list: (state: 'open' | 'resolved' = 'open') => api.get<SupervisionOrder[]>('/api/v1/supervision-orders', { query: { state } }),
  resolve: (orderId: string, body: SupervisionResolution) =>
    api.post<CommandAnswer>(`/api/v1/supervision-orders/${enc(orderId)}/resolve`, body),
};

/** Where a point lies, and the polygons to pick a point on. */
export const placeApi = {
  /** The jurisdictions containing a WGS-84 point, city first (404 OUTSIDE_ALL_JURISDICTIONS outside the city). */
  locate: async (lon: number, lat: number): Promise<JurisdictionRef[]> =>
    (await api.get<{ chain: JurisdictionRef[] }>('/api/v1/geo/locate', { query: { lon, lat } })).chain,
  /** One level's simplified polygons under `parent` (default: the caller's scope), as GeoJSON. */
  polygons: (level: JurisdictionLevel, parent?: string) =>
    api.get<FeatureCollection>('/api/v1/screen/jurisdictions', { query: { level, parent } }),
};

/** What an evaluation is asked for: a period [from, to) and a grouping. */
export interface EvaluationQuery {
  from: number;
  to: number;
  groupBy: string;
}

/** The evaluation (综合评价) of the caller's scope, and its downloads. */
export const evaluationApi = {
  get: (query: EvaluationQuery) => api.get<EvaluationAnswer>('/api/v1/evaluation', { query: { ...query } }),
  /** The link of the CSV or XLSX download (the session cookie goes with it). */
  exportHref: (query: EvaluationQuery, format: 'csv' | 'xlsx') => withQuery('/api/v1/evaluation/export', { ...query, format }),
};
