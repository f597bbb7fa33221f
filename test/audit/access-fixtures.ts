/**
 * Access fixtures for the audit routes, in the shape of test/access/route-access.test.ts (which
 * proves every route refuses strangers, wrong roles and other jurisdictions). Verification is for
 * the city scope (another jurisdiction's auditor gets 403); search has no scope resolver but
 * filters by the caller's scope, so the other jurisdiction's auditor sees nothing of 黄浦区 (310101).
 */
import { expect } from 'vitest';

/** What a fixture may use. */
export interface AuditCtx {
  /** Jurisdiction id by code. */
  id(code: string): string;
}

/** A fixture (compatible with route-access.test.ts). */
export interface AuditFixture {
  request(ctx: AuditCtx): { url: string };
  unscoped?: (res: { statusCode: number; json(): unknown }, ctx: AuditCtx) => void;
}

/** Fixtures by `METHOD url`. */
export const AUDIT_ACCESS_FIXTURES: Record<string, AuditFixture> = {
  'GET /api/v1/audit/verify': { request: () => ({ url: '/api/v1/audit/verify' }) },
  'GET /api/v1/audit/entries': {
    request: () => ({ url: '/api/v1/audit/entries?limit=500' }),
    unscoped: (res, c) => {
      const home = `/${c.id('310101')}/`;
      const body = res.json() as { items: Array<{ subject: { path: string | null } }> };
      for (const e of body.items) expect(e.subject.path?.includes(home) ?? false).toBe(false);
    },
  },
};
