/**
 * One typed function per platform route the app uses. Pages call these, not `fetch`; add the
 * routes your page needs here (and their answer types in types.ts).
 */
import { api, ApiError } from './client.ts';
import type {
  Case,
  CaseEvent,
  CasePage,
  Catalogue,
  CommandAnswer,
  DemoAccounts,
  Jurisdiction,
  Me,
  QueueName,
  SignInAnswer,
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
