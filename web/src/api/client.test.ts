import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, withQuery } from './client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(answer: (call: Call) => Response) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: input instanceof Request ? input.url : input.toString(), init: init ?? {} };
    calls.push(call);
    return answer(call);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

const headersOf = (c: Call) => c.init.headers as Record<string, string>;

describe('the API client', () => {
  it('sends the session cookie and JSON, and the CSRF token on unsafe methods only', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { ok: true }));
    const api = createApiClient({ fetch });
    api.setCsrfToken('tok');
    await api.get('/api/v1/auth/me');
    await api.post('/api/v1/cases/1/commands', { type: 'comment', note: 'x' });
    await api.delete('/api/v1/auth/tokens/1');
    expect(calls.map((c) => c.init.credentials)).toEqual(['same-origin', 'same-origin', 'same-origin']);
    expect(headersOf(calls[0]!)['x-csrf-token']).toBeUndefined();
    expect(headersOf(calls[1]!)['x-csrf-token']).toBe('tok');
    expect(headersOf(calls[1]!)['content-type']).toBe('application/json');
    expect(calls[1]!.init.body).toBe('{"type":"comment","note":"x"}');
    expect(headersOf(calls[2]!)['x-csrf-token']).toBe('tok');
    api.setCsrfToken(null);
    await api.post('/api/v1/x');
    expect(headersOf(calls[3]!)['x-csrf-token']).toBeUndefined();
  });

  it('turns a problem+json answer into an ApiError with its fields', async () => {
    const problem = {
      type: 'https://cityops.dev/problems/validation-failed',
      title: 'VALIDATION_FAILED',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'body.location.lon: too big',
      field: 'body.location.lon',
      errors: [
        { field: 'body.location.lon', message: 'too big' },
        { field: 'body.note', message: 'required' },
      ],
    };
    const { fetch } = fakeFetch(() => json(400, problem, 'application/problem+json; charset=utf-8'));
    const api = createApiClient({ fetch });
    const err = await api.post('/api/v1/cases', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect([e.status, e.code, e.field, e.message]).toEqual([400, 'VALIDATION_FAILED', 'body.location.lon', 'body.location.lon: too big']);
    expect(e.messageFor('location')).toBe('too big');
    expect(e.messageFor('note')).toBe('required');
    expect(e.messageFor('description')).toBeNull();
  });

  it('calls the 401 hook unless the request expects a 401', async () => {
    const unauthenticated = { type: 't', title: 'UNAUTHENTICATED', status: 401, code: 'UNAUTHENTICATED', detail: 'sign-in required' };
    const { fetch } = fakeFetch(() => json(401, unauthenticated, 'application/problem+json'));
    const hook = vi.fn();
    const api = createApiClient({ fetch, onUnauthenticated: hook });
    await expect(api.get('/api/v1/queues/mine')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(hook).toHaveBeenCalledTimes(1);
    await expect(api.get('/api/v1/auth/me', { expectUnauthenticated: true })).rejects.toMatchObject({ status: 401 });
    expect(hook).toHaveBeenCalledTimes(1);
  });

  it('names network failures and non-problem errors', async () => {
    const down = createApiClient({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(down.get('/api/v1/health')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
    const proxy = createApiClient({
      fetch: () => Promise.resolve(new Response('bad gateway', { status: 502, statusText: 'Bad Gateway' })),
    });
    await expect(proxy.get('/api/v1/health')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });

  it('builds query strings without empty values', () => {
    expect(withQuery('/api/v1/queues/mine', { cursor: undefined, limit: 50, x: null, q: 'a b' })).toBe(
      '/api/v1/queues/mine?limit=50&q=a+b',
    );
    expect(withQuery('/x', {})).toBe('/x');
  });
});
