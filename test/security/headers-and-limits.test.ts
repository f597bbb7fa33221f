/**
 * Security headers on every response (API answers, problems, the web app's fallback) and the
 * per-IP rate limits (等保 2.0 intrusion prevention): sign-in and re-authentication share no
 * count with the per-account throttle and stop one address trying many accounts; public
 * endpoints are limited; authenticated ingestion never is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/platform.ts';
import { startSecurityPlatform, type SecurityPlatform } from './support.ts';

const BASE = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

describe('security headers', () => {
  let p: SecurityPlatform;
  beforeAll(async () => {
    p = await startSecurityPlatform({ secureCookies: true });
  });
  afterAll(async () => p?.dispose());

  it('are on API answers, problems, unknown routes and non-API paths', async () => {
    const s = await signIn(p, 'dispatcher', p.accounts!.password);
    const answers = [
      await p.app.inject({ url: '/api/v1/health' }),
      await p.app.inject({ url: '/api/v1/auth/me', headers: s.headers }),
      await p.app.inject({ url: '/api/v1/cases' }), // 401 problem
      await p.app.inject({ url: '/api/v1/no-such-route' }),
      await p.app.inject({ url: '/api/docs' }),
      await p.app.inject({ url: '/workbench' }),
    ];
    for (const res of answers) {
      expect(res.headers, res.raw.req.url).toMatchObject(BASE);
      expect(String(res.headers['permissions-policy'])).toContain('camera=()');
      expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    }
  });

  it('forbid caching answers with personal data; API data answers forbid everything but being data', async () => {
    const s = await signIn(p, 'admin', p.accounts!.password);
    for (const url of ['/api/v1/auth/me', '/api/v1/users', '/api/v1/cases']) {
      const res = await p.app.inject({ url, headers: s.headers });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
      expect(res.headers['content-security-policy'], url).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it('leave out HSTS when the platform is not behind HTTPS', async () => {
    const plain = await startSecurityPlatform();
    try {
      const res = await plain.app.inject({ url: '/api/v1/health' });
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers).toMatchObject(BASE);
    } finally {
      await plain.dispose();
    }
  });
});

describe('per-IP rate limits', () => {
  let p: SecurityPlatform;
  beforeAll(async () => {
    p = await startSecurityPlatform({ signInRateLimit: 5, publicRateLimit: 8 });
  });
  afterAll(async () => p?.dispose());

  const signInFrom = (remoteAddress: string, username: string) =>
    p.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress, payload: { username, password: 'Guess-2026-pass!' } });

  it('stop one address trying many accounts with 429 and Retry-After; another address goes on', async () => {
    for (let i = 0; i < 5; i++) expect((await signInFrom('203.0.113.7', `user${i}`)).statusCode).toBe(401);
    const limited = await signInFrom('203.0.113.7', 'admin');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signInFrom('198.51.100.9', 'admin')).statusCode).toBe(401);
  });

  it('limit public endpoints per address', async () => {
    const get = () => p.app.inject({ url: '/api/v1/catalogue', remoteAddress: '203.0.113.8' });
    for (let i = 0; i < 8; i++) expect((await get()).statusCode).toBe(200);
    const limited = await get();
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('never limit authenticated ingestion or other signed-in work', async () => {
    const gateway = await p.directory.createUser({
      username: 'limits_gateway',
      displayName: 'gateway',
      password: 'Gateway-2026-pass!',
      roles: ['gateway'],
      jurisdictionId: p.geo.getByCode('310000')!.id,
    });
    const headers = { authorization: `Bearer ${(await p.auth.createToken(gateway.id, 'bench', null)).token}` };
    for (let i = 0; i < 30; i++) {
      const res = await p.app.inject({ method: 'POST', url: '/api/v1/readings', remoteAddress: '203.0.113.7', headers, payload: [] });
      expect(res.statusCode, res.body).not.toBe(429);
    }
  });
});
