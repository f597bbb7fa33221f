/** The client's credential hooks: an expired password is reported; a re-authentication repeats the request once. */
import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from './client.ts';

const problem = (status: number, code: string) =>
  new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, detail: code }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

/** A fetch answering from a list, one answer per call, recording the bodies sent. */
function scripted(...answers: Array<() => Response>) {
  const bodies: Array<BodyInit | null | undefined> = [];
  const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    bodies.push(init?.body);
    const next = answers[bodies.length - 1];
    if (!next) throw new Error('no more answers');
    return next();
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, bodies };
}

describe('credential hooks', () => {
  it('sends the same request again, body and all, once the user re-authenticated', async () => {
    const { fetch, bodies } = scripted(
      () => problem(403, 'REAUTH_REQUIRED'),
      () => ok({ id: 'u1' }),
    );
    const api = createApiClient({ fetch });
    const reauthenticate = vi.fn(async () => true);
    api.setCredentialHooks({ reauthenticate });
    await expect(api.post('/api/v1/users', { username: 'li.lei', roles: ['handler'] })).resolves.toEqual({ id: 'u1' });
    expect(reauthenticate).toHaveBeenCalledOnce();
    expect(bodies).toEqual([bodies[0], bodies[0]]);
    expect(bodies[0]).toBe('{"username":"li.lei","roles":["handler"]}');
  });

  it('throws the refusal when the user cancels, and asks only once when the repeat is refused again', async () => {
    const cancelled = scripted(() => problem(403, 'REAUTH_REQUIRED'));
    const api = createApiClient({ fetch: cancelled.fetch });
    api.setCredentialHooks({ reauthenticate: async () => false });
    await expect(api.post('/api/v1/users', {})).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(cancelled.bodies).toHaveLength(1);

    const twice = scripted(
      () => problem(403, 'REAUTH_REQUIRED'),
      () => problem(403, 'REAUTH_REQUIRED'),
    );
    const api2 = createApiClient({ fetch: twice.fetch });
    const reauthenticate = vi.fn(async () => true);
    api2.setCredentialHooks({ reauthenticate });
    await expect(api2.post('/api/v1/users', {})).rejects.toBeInstanceOf(ApiError);
    expect(reauthenticate).toHaveBeenCalledOnce();
    expect(twice.bodies).toHaveLength(2);
  });

  it('reports an expired password and still rejects the call; other 403s reach neither hook', async () => {
    const { fetch } = scripted(
      () => problem(403, 'PASSWORD_EXPIRED'),
      () => problem(403, 'ROLE_FORBIDDEN'),
    );
    const api = createApiClient({ fetch });
    const passwordExpired = vi.fn();
    const reauthenticate = vi.fn(async () => true);
    api.setCredentialHooks({ passwordExpired, reauthenticate });
    await expect(api.get('/api/v1/queues/mine')).rejects.toMatchObject({ code: 'PASSWORD_EXPIRED' });
    expect(passwordExpired).toHaveBeenCalledOnce();
    await expect(api.get('/api/v1/queues/mine')).rejects.toMatchObject({ code: 'ROLE_FORBIDDEN' });
    expect(passwordExpired).toHaveBeenCalledOnce();
    expect(reauthenticate).not.toHaveBeenCalled();
  });
});
