/**
 * Signing in over HTTP: session cookie and CSRF token, repeated failures slowed then locked,
 * sign-out ends the session for good, idle sessions expire, strangers learn nothing from
 * validation errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, signIn, type TestPlatform } from '../support/platform.ts';

let p: TestPlatform;
const PASSWORD = 'Auth-test-2026!';

beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => p?.dispose());

async function makeUser(username: string) {
  return p.directory.createUser({
    username,
    displayName: username,
    password: PASSWORD,
    roles: ['dispatcher'],
    jurisdictionId: p.geo.getByCode('310101')!.id,
  });
}
const attempt = (username: string, password: string) =>
  p.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });

describe('sign-in', () => {
  it('sets an HttpOnly session cookie and returns the CSRF token; /me answers with scope', async () => {
    const res = await attempt('dispatcher', p.accounts!.password);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cityops_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await p.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `cityops_session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { username: 'dispatcher', roles: ['dispatcher'] },
      scope: { code: '310101', name: '黄浦区' },
      csrfToken: res.json<{ csrfToken: string }>().csrfToken,
    });
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await attempt('nobody', 'whatever-Password1');
    const wrong = await attempt('auditor', 'whatever-Password1');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(unknown.json<{ detail: string }>().detail).toBe(wrong.json<{ detail: string }>().detail);
  });

  it('names the missing field', async () => {
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'body.password' });
  });

  it('slows repeated failures, then locks the account even for the right password, then lets it in after the lock', async () => {
    await makeUser('throttled');
    for (let i = 0; i < 3; i++) expect((await attempt('throttled', 'Wrong-password-1')).statusCode).toBe(401);
    expect((await attempt('throttled', 'Wrong-password-1')).statusCode).toBe(401); // 4th failure: now slowed
    const slowed = await attempt('throttled', PASSWORD);
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json()).toMatchObject({ code: 'SIGN_IN_SLOWED' });
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    for (let i = 4; i < 10; i++) {
      p.clock.advance(61_000);
      expect((await attempt('throttled', 'Wrong-password-1')).statusCode).toBe(401);
    }
    p.clock.advance(61_000);
    const locked = await attempt('throttled', PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    p.clock.advance(30 * 60_000);
    expect((await attempt('throttled', PASSWORD)).statusCode).toBe(200);
    // Success resets the count.
    expect((await attempt('throttled', 'Wrong-password-1')).statusCode).toBe(401);
    expect((await attempt('throttled', PASSWORD)).statusCode).toBe(200);
  });

  it('slows parallel guesses too: they cannot all pass the same check', async () => {
    await makeUser('parallel');
    const answers = await Promise.all(Array.from({ length: 12 }, () => attempt('parallel', 'Wrong-password-1')));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(4);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(8);
  });
});

describe('sessions', () => {
  it('a signed-out cookie replayed is refused', async () => {
    const s = await signIn(p, 'inspector', p.accounts!.password);
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(200);
    expect((await p.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: s.headers })).statusCode).toBe(200);
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(401);
  });

  it('an idle session expires; an active one stays', async () => {
    const s = await signIn(p, 'shift_lead', p.accounts!.password);
    p.clock.advance(20 * 60_000);
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(200);
    p.clock.advance(20 * 60_000); // 40 min after sign-in, 20 min after last use
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(200);
    p.clock.advance(31 * 60_000);
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(401);
  });

  it('a forged cookie or token is anonymous', async () => {
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: { cookie: 'cityops_session=forged' } })).statusCode).toBe(401);
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: { authorization: 'Bearer cot_forged' } })).statusCode).toBe(401);
  });

  it('a stranger posting garbage to a guarded route gets 401, not a validation error', async () => {
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/users', payload: { nonsense: true } });
    expect(res.statusCode).toBe(401);
  });
});

describe('users', () => {
  it('refuses a weak password naming the field', async () => {
    const admin = await signIn(p, 'admin', p.accounts!.password);
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { username: 'weakling', displayName: 'w', password: 'password', roles: ['inspector'], jurisdictionId: '310101' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'PASSWORD_POLICY', field: 'password' });
  });

  it('requires a department for a handler', async () => {
    const admin = await signIn(p, 'admin', p.accounts!.password);
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { username: 'handler2', displayName: 'h', password: PASSWORD, roles: ['handler'], jurisdictionId: '310101' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'unitId' });
  });
});
