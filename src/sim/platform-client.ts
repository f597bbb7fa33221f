/**
 * The simulator's HTTP client for a running platform: signs in like a browser (session cookie
 * `cityops_session`, `x-csrf-token` on unsafe requests), signs in again when the session has
 * lapsed, and turns the ways a platform can fail into messages a person can act on.
 */

/** An error meant for the person running the command: its message says what to do. */
export class SimError extends Error {
  override name = 'SimError';
}

/** The platform answered with an error (RFC 9457 problem). */
export class PlatformError extends Error {
  override name = 'PlatformError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The refusal's parsed body (a problem document), for callers that read its extensions. */
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

/** How to reach and sign in to the platform. */
export interface PlatformClientOptions {
  /** e.g. `http://localhost:8080` */
  url: string;
  username: string;
  password: string;
  /** Stand-in for the global fetch (tests). */
  fetch?: typeof fetch;
}

/** An answer: its status and parsed JSON body. */
export interface Answer<T> {
  status: number;
  body: T;
}

/** A signed-in client. */
export interface PlatformClient {
  /** The base URL, without a trailing slash. */
  readonly url: string;
  /** Sends a request; answers 2xx (207 included), throws PlatformError (with the problem document) otherwise. */
  request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Answer<T>>;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
]);

/** The system error code behind a failed fetch, if it is a network failure. */
export function networkCode(e: unknown): string | null {
  let cur: unknown = e;
  for (let depth = 0; depth < 4 && cur instanceof Error; depth++) {
    const code = (cur as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if (cur instanceof AggregateError && cur.errors[0] instanceof Error) cur = cur.errors[0];
    else cur = (cur as Error & { cause?: unknown }).cause;
  }
  return e instanceof TypeError && e.message === 'fetch failed' ? 'fetch failed' : null;
}

/**
 * The message for a platform that cannot be reached.
 * @example unreachable('http://localhost:8080', 'ECONNREFUSED')
 */
export function unreachable(url: string, code: string): SimError {
  return new SimError(
    `cannot reach the platform at ${url} (${code}). Is it running? Start it with \`npm start\` (or \`cityops start\`), or point --url at it.`,
  );
}

async function parseBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function problemOf(status: number, body: unknown): PlatformError {
  const p = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; detail?: unknown; title?: unknown };
  const code = typeof p.code === 'string' ? p.code : `HTTP_${status}`;
  const detail =
    typeof p.detail === 'string' ? p.detail : typeof p.title === 'string' ? p.title : typeof body === 'string' ? body.slice(0, 200) : '';
  return new PlatformError(status, code, `${status} ${code}${detail ? `: ${detail}` : ''}`, body);
}

/**
 * Signs in and returns a client. Refusals and an unreachable platform become SimErrors.
 * @example const client = await connectPlatform({ url: 'http://localhost:8080', username: 'admin', password });
 */
export async function connectPlatform(options: PlatformClientOptions): Promise<PlatformClient> {
  const url = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  let cookie = '';
  let csrf = '';

  async function raw(method: string, path: string, body: unknown, auth: boolean): Promise<Answer<unknown>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth && cookie) {
      headers.cookie = cookie;
      if (method !== 'GET') headers['x-csrf-token'] = csrf;
    }
    let res: Response;
    try {
      res = await doFetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (e) {
      const code = networkCode(e);
      if (code) throw unreachable(url, code);
      throw e;
    }
    if (path === '/api/v1/auth/sign-in' && res.ok) {
      const set = res.headers.getSetCookie().find((c) => c.startsWith('cityops_session='));
      if (set) cookie = set.split(';')[0] ?? '';
    }
    return { status: res.status, body: await parseBody(res) };
  }

  async function signIn(): Promise<void> {
    const res = await raw('POST', '/api/v1/auth/sign-in', { username: options.username, password: options.password }, false);
    if (res.status === 401)
      throw new SimError(
        `sign-in refused at ${url}: wrong user name or password for "${options.username}" (pass --username and --password).`,
      );
    if (res.status === 429) throw new SimError(`sign-in refused at ${url}: ${problemOf(res.status, res.body).message}`);
    if (res.status === 404) throw new SimError(`${url} does not look like a cityops platform (no /api/v1/auth/sign-in); check --url.`);
    if (res.status !== 200) throw new SimError(`sign-in at ${url} failed: ${problemOf(res.status, res.body).message}`);
    const token = (res.body as { csrfToken?: unknown } | null)?.csrfToken;
    if (typeof token !== 'string' || cookie === '') throw new SimError(`sign-in at ${url} gave no session; is this a cityops platform?`);
    csrf = token;
  }

  await signIn();
  return {
    url,
    async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Answer<T>> {
      let res = await raw(method, path, body, true);
      if (res.status === 401) {
        // The session lapsed (idle timeout, platform restarted): sign in again, once.
        await signIn();
        res = await raw(method, path, body, true);
      }
      if (res.status < 200 || res.status >= 300) throw problemOf(res.status, res.body);
      return res as Answer<T>;
    },
  };
}
