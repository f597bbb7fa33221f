/**
 * The typed API client: `fetch` with the session cookie, the CSRF header on unsafe methods,
 * RFC 9457 problems turned into {@link ApiError}s that keep the offending `field` (so a form can
 * show the message next to it), and one hook for 401 (the session provider sends the user to
 * sign-in). The browser talks to the platform only through this, and only on its own origin.
 */

/** One offending input as the server names it, e.g. `body.description` or `query.state`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An RFC 9457 problem document as the platform serves it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
  field?: string;
}

/** A refused or failed request. `status` 0 means the platform could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The first offending field as the server named it (`body.note`), or null. */
  readonly field: string | null;
  readonly fields: readonly FieldProblem[];
  readonly problem: Problem | null;
  /** Seconds the server asked to wait (a 429's or 503's Retry-After), or null. */
  readonly retryAfterS: number | null;

  constructor(status: number, code: string, message: string, problem: Problem | null = null, retryAfterS: number | null = null) {
    super(message);
    this.retryAfterS = retryAfterS;
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.problem = problem;
    this.fields = problem?.errors ?? (problem?.field ? [{ field: problem.field, message }] : []);
    this.field = problem?.field ?? this.fields[0]?.field ?? null;
  }

  /**
   * The message for one form field, matched against the server's names: `note` matches
   * `body.note`, `query.note`, `note` and anything below them (`body.location.lon` for `location`).
   */
  messageFor(name: string): string | null {
    for (const f of this.fields) {
      const bare = f.field.replace(/^(?:body|query|params|input)\./, '');
      if (bare === name || bare.startsWith(`${name}.`) || bare.startsWith(`${name}[`)) return f.message;
    }
    return null;
  }
}

/** The HTTP methods that need the CSRF header on a cookie session. */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Query-string values; `undefined` and `null` are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

/** Per-request options. */
export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * A 401 is an expected answer here (probing the session, signing in): do not call
   * `onUnauthenticated`.
   */
  expectUnauthenticated?: boolean;
}

/** How the client is built (tests pass their own `fetch`). */
export interface ApiClientOptions {
  /** Prefix of every path; '' for the page's own origin. */
  base?: string;
  fetch?: typeof fetch;
  /** Called once per 401 on a request that did not expect one (session expired or ended). */
  onUnauthenticated?: (error: ApiError) => void;
}

/** What the client asks the app when the platform refuses a request for the caller's credentials. */
export interface CredentialHooks {
  /** 403 PASSWORD_EXPIRED: the session may only change its password (the app shows that page). */
  passwordExpired?: (error: ApiError) => void;
  /**
   * 403 REAUTH_REQUIRED: resolves true once the user has entered their password again; the
   * request is then sent once more with the same body, so nothing the user typed is lost.
   */
  reauthenticate?: (error: ApiError) => Promise<boolean>;
}

/** The client's surface. Paths start at the origin, e.g. `/api/v1/auth/me`. */
export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  put<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  patch<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  delete<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  /** The CSRF token of the current session (from sign-in or `/auth/me`); null to forget it. */
  setCsrfToken(token: string | null): void;
  /** Replaces the 401 hook (the session provider installs it). */
  setOnUnauthenticated(hook: ((error: ApiError) => void) | null): void;
  /** Replaces the password-expired and re-authentication hooks (the session provider installs them). */
  setCredentialHooks(hooks: CredentialHooks): void;
}

/** Builds `path?query` with the null/undefined entries left out. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && typeof (x as Problem).code === 'string' && typeof (x as Problem).status === 'number';
}

/**
 * Creates a client.
 * @example const api = createApiClient(); const me = await api.get<Me>('/api/v1/auth/me');
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const base = options.base ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  let csrfToken: string | null = null;
  let onUnauthenticated = options.onUnauthenticated ?? null;
  let credentialHooks: CredentialHooks = {};

  // `retried`: this is the one repeat after a re-authentication (a second refusal is thrown).
  async function request<T>(method: string, path: string, opts: RequestOptions = {}, retried = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: BodyInit | undefined;
    if (opts.body !== undefined) {
      if (opts.body instanceof Blob || opts.body instanceof FormData) body = opts.body;
      else {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(opts.body);
      }
    }
    if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
    let res: Response;
    try {
      res = await doFetch(base + withQuery(path, opts.query), {
        method,
        headers,
        body,
        credentials: 'same-origin',
        signal: opts.signal,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'network error');
    }
    const type = res.headers.get('content-type') ?? '';
    const isJson = /[/+]json\b/.test(type);
    if (res.ok) {
      if (res.status === 204) return undefined as T;
      return (isJson ? await res.json() : await res.text()) as T;
    }
    let error: ApiError;
    const payload: unknown = isJson ? await res.json().catch(() => null) : null;
    const wait = Number(res.headers.get('retry-after') ?? NaN);
    const retryAfterS = Number.isFinite(wait) && wait >= 0 ? wait : null;
    if (isProblem(payload)) error = new ApiError(res.status, payload.code, payload.detail || payload.title, payload, retryAfterS);
    else error = new ApiError(res.status, `HTTP_${res.status}`, res.statusText || `HTTP ${res.status}`, null, retryAfterS);
    if (res.status === 401 && !opts.expectUnauthenticated) onUnauthenticated?.(error);
    if (res.status === 403 && error.code === 'PASSWORD_EXPIRED') credentialHooks.passwordExpired?.(error);
    if (res.status === 403 && error.code === 'REAUTH_REQUIRED' && !retried && credentialHooks.reauthenticate) {
      if (await credentialHooks.reauthenticate(error)) return request<T>(method, path, opts, true);
    }
    throw error;
  }

  return {
    request,
    get: (path, o) => request('GET', path, o),
    post: (path, body, o) => request('POST', path, { ...o, body }),
    put: (path, body, o) => request('PUT', path, { ...o, body }),
    patch: (path, body, o) => request('PATCH', path, { ...o, body }),
    delete: (path, o) => request('DELETE', path, o),
    setCsrfToken(token) {
      csrfToken = token;
    },
    setOnUnauthenticated(hook) {
      onUnauthenticated = hook;
    },
    setCredentialHooks(hooks) {
      credentialHooks = hooks;
    },
  };
}

/** The app's one client, on the page's own origin. */
export const api: ApiClient = createApiClient();
