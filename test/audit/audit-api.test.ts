/**
 * The audit log through the whole platform, every available dialect: sign-ins (ok and failed)
 * and case transitions land in the log without personal data; the auditors' search is scoped
 * and filtered; only auditors search and only city-wide auditors and admins verify; a row
 * changed or deleted in the database is named by GET /api/v1/audit/verify.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestPlatform, signIn, type TestPlatform, type TestSession } from '../support/platform.ts';
import { availableDialects } from '../support/test-db.ts';
import { DEMO_PASSWORD } from '../../src/directory/demo-directory.ts';
import { CASES_SUBJECT, type CaseBusEvent } from '../../src/cases/case-types.ts';

const SYSTEM = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };
const PHONE = '13912345678';
const WRONG_PASSWORD = 'Wrong-pass-2026!';

interface EntryOut {
  seq: number;
  id: string;
  actor: { kind: string; id: string | null; name: string };
  action: string;
  subject: { kind: string; id: string | null; path: string | null };
  purpose: string | null;
  outcome: string;
  detail: Record<string, unknown>;
}
interface Page {
  items: EntryOut[];
  nextCursor: string | null;
}

describe.each(availableDialects())('audit log through the platform on %s', (dialect) => {
  let p: TestPlatform;
  let cityAuditor: TestSession;
  let huangpuAuditor: TestSession;
  const events: CaseBusEvent[] = [];
  const path = (code: string) => p.geo.getByCode(code)!.path;
  const report = async (code: string, extra = {}) => {
    const [lon, lat] = p.geo.getByCode(code)!.center;
    return p.cases.report(
      { source: 'hotline', category: 'E0103', description: `审计测试 ${PHONE}`, location: { lon, lat }, ...extra },
      SYSTEM,
    );
  };
  const entries = async (s: TestSession, query: string): Promise<Page> => {
    const res = await p.app.inject({ method: 'GET', url: `/api/v1/audit/entries?${query}`, headers: s.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page>();
  };
  const allRows = async () => JSON.stringify(await p.database.db.selectFrom('audit_log').selectAll().execute());

  beforeAll(async () => {
    p = await startTestPlatform({ dialect });
    p.bus.subscribe<CaseBusEvent>(CASES_SUBJECT, (m) => void events.push(m.data));
    for (const [username, code] of [
      ['audit_hp', '310101'],
      ['audit_city', '310000'],
    ] as const)
      await p.directory.createUser({
        username,
        displayName: '审计员',
        password: DEMO_PASSWORD,
        roles: ['auditor'],
        jurisdictionId: p.geo.getByCode(code)!.id,
      });
    cityAuditor = await signIn(p, 'audit_city', DEMO_PASSWORD);
    huangpuAuditor = await signIn(p, 'audit_hp', DEMO_PASSWORD);
  });
  afterAll(async () => p?.dispose());

  it('logs sign-ins, ok and failed, and never a password', async () => {
    await signIn(p, 'dispatcher_nanjing', DEMO_PASSWORD);
    const tries = [
      { username: 'dispatcher', password: WRONG_PASSWORD },
      { username: 'nobody_here', password: WRONG_PASSWORD },
      { username: DEMO_PASSWORD, password: DEMO_PASSWORD }, // the password typed into the username box
    ];
    for (const payload of tries) {
      const res = await p.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload });
      expect(res.statusCode).toBe(401);
    }
    const { items } = await entries(cityAuditor, 'action=auth.sign_in&limit=500');
    const ok = items.find((e) => e.actor.name === 'dispatcher_nanjing')!;
    expect(ok).toMatchObject({ outcome: 'ok', actor: { kind: 'user' }, subject: { kind: 'user', path: path('310101002') } });
    const failed = items.filter((e) => e.outcome === 'failed').map((e) => [e.actor.kind, e.actor.name, e.detail.code]);
    expect(failed).toEqual([
      ['anonymous', '(not a username)', 'INVALID_CREDENTIALS'],
      ['anonymous', 'nobody_here', 'INVALID_CREDENTIALS'],
      ['anonymous', 'dispatcher', 'INVALID_CREDENTIALS'],
    ]);
    const stored = await allRows();
    expect(stored).not.toContain(DEMO_PASSWORD);
    expect(stored).not.toContain(WRONG_PASSWORD);
  });

  it('logs re-authentication and password changes, refused ones too, without the passwords', async () => {
    const inspector = await signIn(p, 'inspector', DEMO_PASSWORD);
    const post = (url: string, payload: Record<string, string>) =>
      p.app.inject({ method: 'POST', url, headers: inspector.headers, payload });
    expect((await post('/api/v1/auth/reauth', { password: DEMO_PASSWORD })).statusCode).toBe(200);
    const refused = await post('/api/v1/auth/password', { currentPassword: WRONG_PASSWORD, newPassword: 'Never-stored-2026!' });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    const { items } = await entries(cityAuditor, 'actor=inspector&action=auth.*');
    expect(items.map((e) => [e.action, e.outcome])).toEqual([
      ['auth.password_change', 'failed'],
      ['auth.reauth', 'ok'],
      ['auth.sign_in', 'ok'],
    ]);
    const stored = await allRows();
    expect(stored).not.toContain('Never-stored-2026!');
    expect(stored).not.toContain(WRONG_PASSWORD);
  });

  it('logs each case transition once, by whoever gave it, without the reporter, description or note', async () => {
    const r = await report('310101002', { reporter: { name: '赵六', phone: PHONE } });
    const dispatcher = await signIn(p, 'dispatcher_nanjing', DEMO_PASSWORD);
    const res = await p.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${r.case.id}/commands`,
      headers: dispatcher.headers,
      payload: { type: 'comment', note: `回电 ${PHONE}`, version: r.case.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    // A redelivered event (as after a crash) is logged once.
    const ofCase = events.filter((e) => e.case.id === r.case.id);
    await p.bus.publish(CASES_SUBJECT, ofCase[0]!);
    await p.audit.idle();

    const { items } = await entries(cityAuditor, `subjectKind=case&subjectId=${r.case.id}`);
    expect(items.map((e) => e.detail.eventId).sort()).toEqual(ofCase.map((e) => e.eventId).sort());
    expect(items.map((e) => e.action)).toContain('case.reported');
    const comment = items.find((e) => e.action === 'case.commented')!;
    expect(comment.actor).toMatchObject({ kind: 'user', name: 'dispatcher_nanjing' });
    expect(comment.subject).toEqual({ kind: 'case', id: r.case.id, path: r.case.jurisdictionPath });
    const stored = await allRows();
    expect(stored).not.toContain(PHONE);
    expect(stored).not.toContain('赵六');
  });

  it('shows an auditor only entries inside their scope; pathless entries only city-wide', async () => {
    const inHuangpu = await report('310101002');
    const inPudong = await report('310115');
    await p.audit.idle();
    const hp = await entries(huangpuAuditor, 'limit=500');
    expect(hp.items.length).toBeGreaterThan(0);
    for (const e of hp.items) expect(e.subject.path?.startsWith(path('310101'))).toBe(true);
    expect(hp.items.some((e) => e.subject.id === inHuangpu.case.id)).toBe(true);
    expect(hp.items.some((e) => e.subject.id === inPudong.case.id)).toBe(false);

    const city = await entries(cityAuditor, 'limit=500');
    expect(city.items.some((e) => e.subject.id === inPudong.case.id)).toBe(true);
    expect(city.items.some((e) => e.subject.path === null)).toBe(true);
  });

  it('filters by actor, action prefix, subject, purpose and time, and pages by cursor', async () => {
    const t0 = p.clock.now();
    const actor = { kind: 'user' as const, userId: 'u-visitor', username: 'visitor_1' };
    const subject = (i: number) => ({ kind: 'person', id: `person-${i}`, path: path('310101002') });
    await p.audit.record(
      [1, 2, 3, 4, 5].map((i) => ({ actor, action: 'registry.read', subject: subject(i), purpose: 'welfare_visit', at: t0 + i })),
    );
    await p.audit.record({ actor, action: 'registry.export', subject: subject(9), purpose: 'bulk_export', at: t0 + 9 });

    expect((await entries(cityAuditor, 'actor=visitor_1')).items).toHaveLength(6);
    expect((await entries(cityAuditor, 'actor=u-visitor&action=registry.*')).items).toHaveLength(6);
    expect((await entries(cityAuditor, 'actor=visitor_1&purpose=bulk_export')).items.map((e) => e.action)).toEqual(['registry.export']);
    expect((await entries(cityAuditor, 'subjectKind=person&subjectId=person-3')).items).toHaveLength(1);
    const window = await entries(cityAuditor, `actor=visitor_1&from=${t0 + 2}&to=${t0 + 5}`);
    expect(window.items.map((e) => e.subject.id)).toEqual(['person-4', 'person-3', 'person-2']);

    const seen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await entries(huangpuAuditor, `actor=visitor_1&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(6);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it('lets only auditors search, and only city-wide auditors and admins verify', async () => {
    for (const username of ['dispatcher', 'admin', 'shift_lead']) {
      const s = await signIn(p, username, DEMO_PASSWORD);
      const res = await p.app.inject({ method: 'GET', url: '/api/v1/audit/entries', headers: s.headers });
      expect(res.statusCode, username).toBe(403);
    }
    const verify = (s: TestSession) => p.app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: s.headers });
    expect((await verify(huangpuAuditor)).statusCode).toBe(403);
    expect((await verify(await signIn(p, 'dispatcher', DEMO_PASSWORD))).statusCode).toBe(403);
    expect((await verify(await signIn(p, 'admin', DEMO_PASSWORD))).statusCode).toBe(200);
  });

  it('names the altered row, then the deleted one, in GET /api/v1/audit/verify', async () => {
    await p.audit.idle();
    const verify = async () =>
      (await p.app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: cityAuditor.headers })).json<unknown>();
    expect(await verify()).toMatchObject({ ok: true, broken: null });
    const { db } = p.database;
    const victim = await db
      .selectFrom('audit_log')
      .select(['seq', 'id', 'hash', 'detail'])
      .where('action', '=', 'auth.sign_in')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    await sql`update audit_log set detail = ${'{"note":"nothing happened"}'} where seq = ${victim.seq}`.execute(db);
    expect(await verify()).toMatchObject({
      ok: false,
      checked: Number(victim.seq) - 1,
      broken: { kind: 'altered', seq: Number(victim.seq), id: victim.id, storedHash: victim.hash },
    });

    await sql`update audit_log set detail = ${victim.detail} where seq = ${victim.seq}`.execute(db); // back as recorded
    expect(await verify()).toMatchObject({ ok: true });
    const gone = Number(victim.seq) + 1;
    await sql`delete from audit_log where seq = ${gone}`.execute(db);
    expect(await verify()).toMatchObject({ ok: false, broken: { kind: 'missing', seq: gone, id: null } });
  });
});
