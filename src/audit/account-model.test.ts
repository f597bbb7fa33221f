/** Account entries: who a refused sign-in is labelled as, how it is graded, and that no secret is kept. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { credentialUsed, signInFailed, signInLabel } from './account-model.ts';

describe('account audit entries', () => {
  it('labels a refused sign-in by the username tried, unless it cannot be a username', () => {
    expect(signInLabel('dispatcher_nanjing')).toBe('dispatcher_nanjing');
    expect(signInLabel('Cityops-demo-2026')).toBe('(not a username)');
    expect(signInLabel('a b')).toBe('(not a username)');
  });

  it('grades wrong credentials as failed and throttling as denied, keeping only the code', () => {
    const wrong = signInFailed('nobody', new AppError(401, 'INVALID_CREDENTIALS', 'wrong username or password'));
    expect(wrong).toMatchObject({
      outcome: 'failed',
      detail: { code: 'INVALID_CREDENTIALS' },
      actor: { kind: 'anonymous', label: 'nobody' },
    });
    expect(signInFailed('x_user', new AppError(423, 'ACCOUNT_LOCKED', 'locked'))).toMatchObject({ outcome: 'denied' });
    expect(signInFailed('x_user', new AppError(429, 'SIGN_IN_SLOWED', 'slow'))).toMatchObject({ outcome: 'denied' });
    expect(signInFailed('x_user', new Error('db down'))).toMatchObject({ outcome: 'failed', detail: { code: 'ERROR' } });
  });

  it('records a password change by its outcome only', () => {
    const p = { userId: 'u1', username: 'worker', roles: [], scopePath: '/c/', unitId: null, via: 'session' as const };
    expect(credentialUsed(p, 'auth.password_change')).toEqual({
      actor: { kind: 'user', userId: 'u1', username: 'worker' },
      action: 'auth.password_change',
      subject: { kind: 'user', id: 'u1', path: '/c/' },
    });
    const refused = credentialUsed(p, 'auth.password_change', new AppError(400, 'PASSWORD_REUSED', 'Old-Secret-1 was used before'));
    expect(refused).toMatchObject({ outcome: 'failed', detail: { code: 'PASSWORD_REUSED' } });
    expect(JSON.stringify(refused)).not.toContain('Old-Secret-1');
  });
});
