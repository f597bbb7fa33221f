/**
 * Access fixtures for the credential routes, in the shape of test/access/route-access.test.ts
 * (which proves every route refuses strangers and wrong roles and admits the right caller).
 * Both routes act only on the caller's own identity (`unscoped: 'self'`).
 */

/** The password route-access.test.ts gives its users. */
const ACCESS_TEST_PASSWORD = 'Access-test-2026!';

/** A fixture (compatible with route-access.test.ts). */
export interface SecurityFixture {
  request(): { url: string; payload?: unknown };
  unscoped: 'self';
  okStatus?: number;
}

/** Fixtures by `METHOD url`. */
export const SECURITY_ACCESS_FIXTURES: Record<string, SecurityFixture> = {
  'POST /api/v1/auth/reauth': {
    request: () => ({ url: '/api/v1/auth/reauth', payload: { password: ACCESS_TEST_PASSWORD } }),
    unscoped: 'self',
  },
  // The right caller gets past the guard to the check that refuses reusing the current password
  // (400 PASSWORD_REUSED): the fixture users must keep their password for the routes after.
  'POST /api/v1/auth/password': {
    request: () => ({
      url: '/api/v1/auth/password',
      payload: { currentPassword: ACCESS_TEST_PASSWORD, newPassword: ACCESS_TEST_PASSWORD },
    }),
    unscoped: 'self',
    okStatus: 400,
  },
};
