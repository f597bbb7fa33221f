/**
 * Re-authentication for admin actions (等保 2.0 identity authentication, access control): an
 * admin's session may change users, the responsibility matrix and tokens only within minutes of
 * entering the password (sign-in or POST /api/v1/auth/reauth); after that, 403 REAUTH_REQUIRED.
 * Machine tokens never may: they are long-lived secrets, not a person at the keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestPlatform, type TestPlatform, type TestSession } from '../support/platform.ts';

let p: TestPlatform;
let admin: TestSession;
let n = 0;

beforeAll(async () => {
  p = await startTestPlatform();
  admin = await signIn(p, 'admin', p.accounts!.password);
});
afterAll(async () => p?.dispose());

const huangpu = () => p.geo.getByCode('310101')!.id;
const newUser = (headers: Record<string, string>) =>
  p.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers,
    payload: {
      username: `reauth_u${++n}`,
      displayName: 'x',
      password: 'Reauth-test-2026!',
      roles: ['dispatcher'],
      jurisdictionId: huangpu(),
    },
  });
const setCell = (headers: Record<string, string>) =>
  p.app.inject({
    method: 'PUT',
    url: '/api/v1/responsibilities',
    headers,
    payload: { categoryCode: 'E0101', jurisdictionId: huangpu(), unitId: p.directory.getUnitByCode('D-310101-greening_sanitation')!.id },
  });
const reauth = (s: TestSession, password: string) =>
  p.app.inject({ method: 'POST', url: '/api/v1/auth/reauth', headers: s.headers, payload: { password } });

describe('admin actions need a recent password', () => {
  it('are allowed right after sign-in', async () => {
    expect((await newUser(admin.headers)).statusCode).toBe(201);
  });

  it('are refused five minutes later, and allowed again after re-entering the password', async () => {
    p.clock.advance(5 * 60_000);
    for (const res of [await newUser(admin.headers), await setCell(admin.headers)]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'REAUTH_REQUIRED' });
    }
    const adminUser = (await p.directory.listUsers(p.geo.getByCode('310000')!.path)).find((u) => u.username === 'admin')!;
    const token = await p.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: admin.headers,
      payload: { userId: adminUser.id, name: 't' },
    });
    expect(token.json()).toMatchObject({ code: 'REAUTH_REQUIRED' });
    // Reading is not an admin action.
    expect((await p.app.inject({ url: '/api/v1/users', headers: admin.headers })).statusCode).toBe(200);

    const wrong = await reauth(admin, 'Not-the-password-1');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'WRONG_PASSWORD', field: 'password' });
    expect((await newUser(admin.headers)).statusCode).toBe(403);

    expect((await reauth(admin, p.accounts!.password)).statusCode).toBe(200);
    expect((await newUser(admin.headers)).statusCode).toBe(201);
    expect((await setCell(admin.headers)).statusCode).toBe(200);
    p.clock.advance(4 * 60_000);
    expect((await newUser(admin.headers)).statusCode).toBe(201);
  });

  it('refuses the wrong role before asking for a password', async () => {
    const dispatcher = await signIn(p, 'dispatcher', p.accounts!.password);
    p.clock.advance(10 * 60_000);
    const res = await newUser(dispatcher.headers);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'ROLE_FORBIDDEN' });
  });

  it('counts wrong re-authentication passwords in the sign-in throttle', async () => {
    const s = await signIn(p, 'shift_lead', p.accounts!.password);
    for (let i = 0; i < 4; i++) expect((await reauth(s, 'Not-the-password-1')).statusCode).toBe(400);
    const slowed = await reauth(s, p.accounts!.password);
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json()).toMatchObject({ code: 'SIGN_IN_SLOWED' });
  });
});

describe('machine tokens', () => {
  it('cannot do admin actions, nor re-authenticate, whatever their user may do', async () => {
    const adminUser = (await p.directory.listUsers(p.geo.getByCode('310000')!.path)).find((u) => u.username === 'admin')!;
    const { token } = await p.auth.createToken(adminUser.id, 'provisioning', null);
    const headers = { authorization: `Bearer ${token}` };
    const res = await newUser(headers);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect((await setCell(headers)).json()).toMatchObject({ code: 'REAUTH_REQUIRED' });
    const again = await p.app.inject({ method: 'POST', url: '/api/v1/auth/reauth', headers, payload: { password: p.accounts!.password } });
    expect(again.json()).toMatchObject({ code: 'REAUTH_SESSION_ONLY' });
    // Reading with the token still works.
    expect((await p.app.inject({ url: '/api/v1/users', headers })).statusCode).toBe(200);
  });
});
