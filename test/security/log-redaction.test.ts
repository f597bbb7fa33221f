/**
 * Logs never hold personal data or secrets in clear (等保 2.0 personal information protection):
 * a platform logging at debug level signs a user in, files a case with the reporter's phone and
 * an identity number in its text, searches by phone, calls with a bearer token and a cookie;
 * the captured log holds the requests but no password, phone, identity number, token or cookie.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/platform.ts';
import { startSecurityPlatform, type SecurityPlatform } from './support.ts';

const PHONE = '13812345678';
const ID_NUMBER = '310101199001011234';
let p: SecurityPlatform;

beforeAll(async () => {
  p = await startSecurityPlatform({ logLevel: 'debug' });
});
afterAll(async () => p?.dispose());

describe('the HTTP log', () => {
  it('records requests without personal data or secrets', async () => {
    const password = p.accounts!.password;
    const s = await signIn(p, 'dispatcher', password);
    const sessionValue = s.cookie.split('=')[1]!;
    const [lon, lat] = p.geo.getByCode('310101002')!.center;
    const filed = await p.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: s.headers,
      payload: {
        category: 'E0104',
        description: `居民 ${ID_NUMBER} 反映楼道堆物，电话 ${PHONE}`,
        location: { lon, lat },
        reporter: { name: '张三', phone: PHONE },
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    await p.app.inject({ url: `/api/v1/cases?category=${PHONE}&source=${ID_NUMBER}`, headers: s.headers }); // a 400 naming the field
    const gateway = await p.directory.createUser({
      username: 'log_gateway',
      displayName: 'gateway',
      password: 'Gateway-2026-pass!',
      roles: ['gateway'],
      jurisdictionId: p.geo.getByCode('310000')!.id,
    });
    const { token } = await p.auth.createToken(gateway.id, 'log test', null);
    await p.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    await p.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'dispatcher', password: `${password}-wrong` } });
    // What code logs by hand goes through the same scrubbing.
    p.app.log.error({ err: new Error(`duplicate key (phone)=(${PHONE})`) }, `lookup of ${ID_NUMBER} failed`);

    const log = p.logLines.join('');
    expect(log).toContain('"url":"/api/v1/cases"');
    expect(log).toContain('/api/v1/cases?category=*&source=*');
    expect(log).toContain('138****5678');
    for (const secret of [password, PHONE, ID_NUMBER, token, sessionValue, s.csrfToken, '张三']) expect(log).not.toContain(secret);
  });
});
