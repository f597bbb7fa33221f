/**
 * Shared set-up for the registry's HTTP tests: synthetic people with valid check characters
 * (never real ones), users at the street, district and city, and small request helpers.
 */
import type { TestPlatform, TestSession } from '../support/platform.ts';
import { signIn } from '../support/platform.ts';
import { idNumberCheckChar } from '../../src/registry/id-number.ts';
import type { Role } from '../../src/directory/roles.ts';

/** Communities used: two in 南京东路街道, one in 外滩街道 (both 黄浦区), one in 浦东新区. */
export const NANJING_1 = '310101002001';
export const NANJING_2 = '310101002002';
export const BUND = '310101013001';
export const PUDONG = '310115004001';

/** A synthetic ID number with a valid check character: born 1950-01-01 in 310101, sequence `seq`. */
export function syntheticId(seq: number): string {
  const first17 = `31010119500101${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** A signed-in test user. */
export interface TestUser {
  id: string;
  session: TestSession;
  actor: { userId: string; username: string; roles: Role[]; scopePath: string };
}

const PASSWORD = 'Registry-test-2026!';
let n = 0;

/** Creates a user with roles at a jurisdiction (by code) and signs them in. */
export async function userAt(p: TestPlatform, roles: Role[], code: string, unitCode: string | null = null): Promise<TestUser> {
  const j = p.geo.getByCode(code)!;
  const username = `reg_${roles.join('_')}_${code}_${++n}`;
  const u = await p.directory.createUser({
    username,
    displayName: username,
    password: PASSWORD,
    roles,
    jurisdictionId: j.id,
    unitId: unitCode ? p.directory.getUnitByCode(unitCode)!.id : null,
  });
  return { id: u.id, session: await signIn(p, username, PASSWORD), actor: { userId: u.id, username, roles, scopePath: j.path } };
}

/** Re-enters the user's password, as the web app's prompt does before an admin action. */
export async function reauth(p: TestPlatform, user: TestUser): Promise<void> {
  const res = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/reauth',
    headers: user.session.headers,
    payload: { password: PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`reauth failed: ${res.body}`);
}

/** Grant decisions are admin actions: they need a recent re-authentication. */
const GRANT_DECISION = /^\/api\/v1\/grants\/[^/]+\/(approve|deny|revoke)$/;

/**
 * Sends a request as a user (or anonymously) and returns the answer. A grant decision is
 * preceded by a re-authentication (unless `fresh: false`), as a person at the screen would do.
 */
export async function send(
  p: TestPlatform,
  user: TestUser | null,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
  options: { fresh?: boolean } = {},
) {
  if (user && method === 'POST' && GRANT_DECISION.test(url) && options.fresh !== false) await reauth(p, user);
  return p.app.inject({
    method,
    url,
    headers: { ...(user?.session.headers ?? {}), ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}

/** A grant request body for records. */
export function recordsGrant(ids: string[], validUntil: number, purpose = 'welfare_visit', caseId?: string) {
  return {
    purpose,
    scope: { kind: 'records', subjectKind: 'person', ids },
    reason: '独居老人关爱走访',
    validUntil,
    ...(caseId ? { caseId } : {}),
  };
}
