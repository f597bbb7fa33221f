/**
 * Storage contract: sessions and API tokens through the auth service, on every dialect.
 * - sign-in stores a session whose id is the SHA-256 of the cookie token; no stored value is
 *   the token itself; sign-out revokes the row and the cookie stops working;
 * - a session ends after `sessionIdleMs` without use, is kept alive by use, and ends at its
 *   maximum lifetime however active;
 * - API tokens are stored only as hashes, work until they expire or are revoked;
 * - a failed sign-in leaves its throttle state in the user row.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/platform/clock.ts';
import { createGeoService } from '../../src/geo/service.ts';
import { createDirectoryService } from '../../src/directory/service.ts';
import { createAuthService, SESSION_COOKIE, type AuthService } from '../../src/directory/auth-service.ts';
import type { User } from '../../src/directory/model.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { TINY_CITY } from './tiny-city.ts';

const NOW = Date.UTC(2026, 10, 27, 2, 0, 0);
const IDLE_MS = 30 * 60_000;
const MAX_MS = 12 * 3600_000;
const PASSWORD = 'Storage-contract-2026!';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The parts of a request the authenticator reads. */
function request(opts: { cookie?: string; bearer?: string }): FastifyRequest {
  const req = {
    headers: opts.bearer === undefined ? {} : { authorization: `Bearer ${opts.bearer}` },
    cookies: opts.cookie === undefined ? {} : { [SESSION_COOKIE]: opts.cookie },
  };
  return req as unknown as FastifyRequest;
}

describe.each(availableDialects())('sessions and tokens on %s', (dialect) => {
  let t: TestDb;
  let auth: AuthService;
  let user: User;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    t = await openTestDb(dialect);
    clock = manualClock(NOW);
    const geo = await createGeoService({ database: t.database, clock });
    await geo.importFeatures(TINY_CITY);
    const directory = await createDirectoryService({ database: t.database, clock, geo });
    user = await directory.createUser({
      username: 'wang.fang',
      displayName: '王芳',
      password: PASSWORD,
      roles: ['dispatcher'],
      jurisdictionId: geo.require('D1').id,
    });
    auth = createAuthService({ database: t.database, clock, directory, sessionIdleMs: IDLE_MS, sessionMaxMs: MAX_MS });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const sessions = () => t.database.db.selectFrom('sessions').selectAll().execute();

  it('stores the session under the SHA-256 of its token; sign-out revokes it for good', async () => {
    const signed = await auth.signIn('wang.fang', PASSWORD);
    expect(signed.expiresAt).toBe(NOW + MAX_MS);
    const rows = await sessions();
    expect(rows).toEqual([
      {
        id: sha256(signed.sessionToken),
        user_id: user.id,
        csrf_token: signed.csrfToken,
        created_at: NOW,
        last_seen_at: NOW,
        expires_at: NOW + MAX_MS,
        revoked_at: null,
        reauth_at: NOW,
      },
    ]);
    expect(Object.values(rows[0]!)).not.toContain(signed.sessionToken);

    const principal = await auth.authenticate(request({ cookie: signed.sessionToken }));
    expect(principal).toMatchObject({
      userId: user.id,
      via: 'session',
      sessionId: sha256(signed.sessionToken),
      csrfToken: signed.csrfToken,
    });
    // The stored id is not a credential: presenting it as the cookie authenticates nobody.
    expect(await auth.authenticate(request({ cookie: rows[0]!.id }))).toBeNull();

    clock.advance(5000);
    await auth.signOut(principal!.sessionId!);
    expect((await sessions())[0]?.revoked_at).toBe(NOW + 5000);
    expect(await auth.authenticate(request({ cookie: signed.sessionToken }))).toBeNull();
    // Signing out again does not move the revocation time.
    clock.advance(5000);
    await auth.signOut(principal!.sessionId!);
    expect((await sessions())[0]?.revoked_at).toBe(NOW + 5000);
  });

  it('ends a session after sessionIdleMs without use; use keeps it alive', async () => {
    const { sessionToken } = await auth.signIn('wang.fang', PASSWORD);
    clock.advance(IDLE_MS - 1);
    expect(await auth.authenticate(request({ cookie: sessionToken }))).not.toBeNull();
    // That use was recorded in storage, so the idle timer starts again from here.
    expect((await sessions())[0]?.last_seen_at).toBe(NOW + IDLE_MS - 1);
    clock.advance(IDLE_MS - 1);
    expect(await auth.authenticate(request({ cookie: sessionToken }))).not.toBeNull();
    clock.advance(IDLE_MS);
    expect(await auth.authenticate(request({ cookie: sessionToken }))).toBeNull();
  });

  it('ends a busy session at its maximum lifetime', async () => {
    const { sessionToken } = await auth.signIn('wang.fang', PASSWORD);
    while (clock.now() + 20 * 60_000 < NOW + MAX_MS) {
      clock.advance(20 * 60_000);
      expect(await auth.authenticate(request({ cookie: sessionToken }))).not.toBeNull();
    }
    clock.set(NOW + MAX_MS);
    expect(await auth.authenticate(request({ cookie: sessionToken }))).toBeNull();
  });

  it('stores API tokens only hashed; they work until they expire or are revoked', async () => {
    const expiring = await auth.createToken(user.id, '传感器网关', NOW + 3600_000);
    const forever = await auth.createToken(user.id, 'nightly export', null);
    const rows = await t.database.db.selectFrom('api_tokens').selectAll().orderBy('name').execute();
    expect(rows.map((r) => [r.id, r.token_hash, r.expires_at, r.created_at])).toEqual([
      [forever.id, sha256(forever.token), null, NOW],
      [expiring.id, sha256(expiring.token), NOW + 3600_000, NOW],
    ]);
    for (const r of rows) expect(Object.values(r)).not.toContain(expiring.token);
    for (const r of rows) expect(Object.values(r)).not.toContain(forever.token);

    expect(await auth.authenticate(request({ bearer: expiring.token }))).toMatchObject({ userId: user.id, via: 'token' });
    // A bearer token wins over a cookie, even a bad one.
    expect(await auth.authenticate(request({ bearer: 'cot_wrong', cookie: 'whatever' }))).toBeNull();
    expect(await auth.authenticate(request({ bearer: sha256(expiring.token) }))).toBeNull();

    clock.advance(3600_000);
    expect(await auth.authenticate(request({ bearer: expiring.token }))).toBeNull();
    expect(await auth.authenticate(request({ bearer: forever.token }))).toMatchObject({ via: 'token' });
    await auth.revokeToken(forever.id);
    expect(await auth.authenticate(request({ bearer: forever.token }))).toBeNull();
    const revoked = await t.database.db
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('id', '=', forever.id)
      .executeTakeFirstOrThrow();
    expect(revoked.revoked_at).toBe(NOW + 3600_000);
  });

  it('records a failed sign-in in the user row and clears it on success', async () => {
    await expect(auth.signIn('wang.fang', 'Wrong-password-1')).rejects.toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    const failed = await t.database.db
      .selectFrom('users')
      .select(['failures', 'last_failure_at', 'locked_until'])
      .executeTakeFirstOrThrow();
    expect(failed).toStrictEqual({ failures: 1, last_failure_at: NOW, locked_until: null });
    expect(await sessions()).toEqual([]);

    clock.advance(1000);
    await auth.signIn('wang.fang', PASSWORD);
    const cleared = await t.database.db
      .selectFrom('users')
      .select(['failures', 'last_failure_at', 'locked_until'])
      .executeTakeFirstOrThrow();
    expect(cleared).toStrictEqual({ failures: 0, last_failure_at: null, locked_until: null });
  });
});
