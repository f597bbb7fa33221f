/**
 * Password expiry and history (等保 2.0 identity authentication): a fresh demo's users are not
 * expired; after the maximum age sign-in still works but the session may only change the
 * password (403 PASSWORD_EXPIRED elsewhere); the new password must pass the policy and differ
 * from the current one and the five before it; a change ends the user's other sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestPlatform, type TestPlatform, type TestSession } from '../support/platform.ts';
import { daysToMs } from '../../src/directory/credential-policy.ts';
import { verifyPassword } from '../../src/directory/password.ts';

let p: TestPlatform;
const FIRST = 'Expiry-test-2026!';

beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => p?.dispose());

async function makeUser(username: string) {
  return p.directory.createUser({
    username,
    displayName: username,
    password: FIRST,
    roles: ['dispatcher'],
    jurisdictionId: p.geo.getByCode('310101')!.id,
  });
}
const change = (s: TestSession, currentPassword: string, newPassword: string) =>
  p.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: s.headers, payload: { currentPassword, newPassword } });
const cases = (s: TestSession) => p.app.inject({ url: '/api/v1/cases', headers: s.headers });

describe('password expiry', () => {
  it('leaves the demo users unexpired on a fresh demo', async () => {
    for (const username of ['admin', 'dispatcher', 'auditor']) {
      const res = await p.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username, password: p.accounts!.password },
      });
      expect(res.statusCode, username).toBe(200);
      expect(res.json()).toMatchObject({ passwordExpired: false });
    }
  });

  it('lets an expired password sign in only to change it, then everything works again', async () => {
    await makeUser('expiring');
    p.clock.advance(daysToMs(90));
    const signedIn = await p.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 'expiring', password: FIRST },
    });
    expect(signedIn.json()).toMatchObject({ passwordExpired: true });
    const s = await signIn(p, 'expiring', FIRST);

    const refused = await cases(s);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'PASSWORD_EXPIRED' });
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(200);

    const weak = await change(s, FIRST, 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'PASSWORD_POLICY', field: 'newPassword' });
    const same = await change(s, FIRST, FIRST);
    expect(same.json()).toMatchObject({ code: 'PASSWORD_REUSED', field: 'newPassword' });
    const wrong = await change(s, 'Not-the-password-1', 'Brand-new-2026!');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'WRONG_PASSWORD', field: 'currentPassword' });

    expect((await change(s, FIRST, 'Brand-new-2026!')).statusCode).toBe(200);
    expect((await cases(s)).statusCode).toBe(200);
    p.clock.advance(daysToMs(90) - 60_000);
    const again = await signIn(p, 'expiring', 'Brand-new-2026!');
    expect((await cases(again)).statusCode).toBe(200);
  });
});

describe('password history', () => {
  it('refuses the current password and the five before it, accepts the sixth back, keeps only hashes', async () => {
    const user = await makeUser('rotating');
    const s = await signIn(p, 'rotating', FIRST);
    const pw = (i: number) => `Rotation-${i}-Pass!`;
    let current = FIRST;
    for (let i = 1; i <= 6; i++) {
      const res = await change(s, current, pw(i));
      expect(res.statusCode, res.body).toBe(200);
      current = pw(i);
    }
    // Current pw(6); the five before it are pw(5)…pw(1); FIRST is the sixth back.
    for (const old of [pw(6), pw(5), pw(1)]) expect((await change(s, current, old)).json(), old).toMatchObject({ code: 'PASSWORD_REUSED' });
    expect((await change(s, current, FIRST)).statusCode).toBe(200);

    const rows = await p.database.db.selectFrom('password_history').selectAll().where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(r.password_hash.startsWith('scrypt$')).toBe(true);
      expect(r.password_hash).not.toContain('Rotation');
    }
    // The oldest is pruned, not kept as residual data: pw(6)…pw(2) remain, pw(1) is gone.
    const kept = async (candidate: string) =>
      (await Promise.all(rows.map((r) => verifyPassword(candidate, r.password_hash)))).some(Boolean);
    expect(await kept(pw(6))).toBe(true);
    expect(await kept(pw(2))).toBe(true);
    expect(await kept(pw(1))).toBe(false);
  });

  it('ends the other sessions of the user, keeps the one that changed it', async () => {
    await makeUser('two_devices');
    const phone = await signIn(p, 'two_devices', FIRST);
    const desk = await signIn(p, 'two_devices', FIRST);
    expect((await change(desk, FIRST, 'Moved-on-2026!')).statusCode).toBe(200);
    expect((await cases(phone)).statusCode).toBe(401);
    expect((await cases(desk)).statusCode).toBe(200);
  });
});
