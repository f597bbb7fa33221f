import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from './signature.ts';

const T = Date.UTC(2026, 10, 27, 2, 0, 0);

describe('signPayload', () => {
  it('is HMAC-SHA256 over `${timestamp}.${body}`, hex, prefixed sha256=', () => {
    const body = '{"type":"case.dispatched"}';
    const expected = createHmac('sha256', 'secret').update(`${T}.${body}`).digest('hex');
    expect(signPayload('secret', T, body)).toBe(`sha256=${expected}`);
    expect(signPayload('secret', String(T), body)).toBe(`sha256=${expected}`);
  });

  it('changes with the secret, the timestamp and the body', () => {
    const base = signPayload('a', T, 'x');
    expect(signPayload('b', T, 'x')).not.toBe(base);
    expect(signPayload('a', T + 1, 'x')).not.toBe(base);
    expect(signPayload('a', T, 'y')).not.toBe(base);
  });
});

describe('verifySignature', () => {
  const body = '{"a":1}';
  const signature = signPayload('k', T, body);
  it('accepts the right signature within the tolerance', () => {
    expect(verifySignature('k', { timestamp: String(T), body, signature, now: T + 299_000 })).toBe(true);
  });
  it('refuses another secret, a changed body, a moved timestamp and a replay after the tolerance', () => {
    expect(verifySignature('other', { timestamp: String(T), body, signature, now: T })).toBe(false);
    expect(verifySignature('k', { timestamp: String(T), body: '{"a":2}', signature, now: T })).toBe(false);
    expect(verifySignature('k', { timestamp: String(T + 1), body, signature, now: T })).toBe(false);
    expect(verifySignature('k', { timestamp: String(T), body, signature, now: T + 301_000 })).toBe(false);
    expect(verifySignature('k', { timestamp: 'soon', body, signature, now: T })).toBe(false);
    expect(verifySignature('k', { timestamp: String(T), body, signature: 'sha256=00', now: T })).toBe(false);
  });
});
