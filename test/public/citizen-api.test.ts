/**
 * The portal over HTTP on the demo city, every dialect available: a report becomes a citizen
 * case and is followed by its token; script in a description is held, approved by a moderator
 * (audited) and then answered verbatim as JSON text; a rejection's reason reaches the citizen;
 * floods get 429 naming the limit; a rating is taken only after closing, once; nearby open
 * reports; and no public answer carries the reporter's name, phone or e-mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/cases/case-types.ts';
import type { Role } from '../../src/directory/roles.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { availableDialects } from '../support/test-db.ts';

const CONTACT = { name: '李四光', phone: '13800138000', email: 'lisi@example.cn' };
const PERSONAL = [CONTACT.name, CONTACT.phone, CONTACT.email, '138001'];

describe.each(availableDialects())('portal API on %s', (dialect) => {
  let p: TestPlatform;
  let lon = 0;
  let lat = 0;
  let lead: Record<string, string>;
  let pudongLead: Record<string, string>;
  let users = 0;

  async function bearer(roles: Role[], code: string) {
    const j = p.geo.getByCode(code)!;
    const u = await p.directory.createUser({
      username: `portal_${roles.join('_')}_${++users}`,
      displayName: 'portal test',
      password: 'Portal-test-2026!',
      roles,
      jurisdictionId: j.id,
    });
    const t = await p.auth.createToken(u.id, 'portal-test', null);
    return { authorization: `Bearer ${t.token}` };
  }

  beforeAll(async () => {
    p = await startTestPlatform({ dialect });
    [lon, lat] = p.geo.getByCode('310101002')!.center;
    lead = await bearer(['shift_lead'], '310101');
    pudongLead = await bearer(['shift_lead'], '310115');
  }, 60_000);
  afterAll(async () => p?.dispose());

  let ipCount = 0;
  const report = (payload: object, ip = `10.9.0.${++ipCount}`) =>
    p.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload, remoteAddress: ip });
  const follow = (token: string) => p.app.inject({ method: 'GET', url: `/api/v1/public/reports/${token}` });
  const body = (over: object = {}) => ({ category: 'P0101', description: '井盖缺失', lon, lat, contact: CONTACT, ...over });

  it('files a citizen case and follows it by token, with history and no personal data', async () => {
    const res = await report(body({ address: '南京东路 100 号' }));
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json<{ token: string; state: string; caseId: string; caseCode: string }>();
    expect(s.state).toBe('accepted');
    const c = await p.cases.get(s.caseId, { id: 'system', roles: [], scopePath: '/', unitId: null, system: true });
    expect(c.source).toBe('citizen');
    const f = await follow(s.token);
    expect(f.statusCode).toBe(200);
    expect(f.json()).toMatchObject({
      code: s.caseCode,
      status: 'open',
      state: 'reported',
      description: '井盖缺失',
      address: '南京东路 100 号',
      submission: { state: 'accepted', reason: null },
      history: [{ state: 'reported', status: 'open' }],
    });
    const near = await p.app.inject({ method: 'GET', url: `/api/v1/public/reports?lon=${lon}&lat=${lat}&radius=300` });
    expect(near.statusCode).toBe(200);
    expect(near.json<{ items: Array<{ code: string; token: string | null }> }>().items).toContainEqual(
      expect.objectContaining({ code: s.caseCode, token: null }),
    );
    for (const text of [f.body, near.body, res.body]) for (const secret of PERSONAL) expect(text).not.toContain(secret);
    // Staff still see the (masked) reporter: the contact was stored once, as the case's reporter.
    const reporter = await p.cases.reporter(s.caseId, { id: 'system', roles: [], scopePath: '/', unitId: null, system: true });
    expect(reporter?.phone).toMatch(/^138\*+8000$/u);
  });

  it('holds script; a moderator out of scope cannot see it; approved, it is answered verbatim as JSON text (audited)', async () => {
    const xss = '<img src=x onerror="alert(document.cookie)"><script>alert(1)</script> 井盖没了';
    const res = await report(body({ description: xss }));
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json<{ token: string; state: string; caseId: string | null; reason: string }>();
    expect(s).toMatchObject({ state: 'held', caseId: null });
    expect(s.reason).toContain('HTML');
    const pending = await follow(s.token);
    expect(pending.json()).toMatchObject({ caseId: null, code: null, submission: { state: 'held' }, history: [] });
    for (const secret of PERSONAL) expect(pending.body).not.toContain(secret);

    const queue = await p.app.inject({ method: 'GET', url: '/api/v1/moderation/submissions?state=held', headers: lead });
    const item = queue
      .json<{ items: Array<{ id: string; description: string; flags: string[] }> }>()
      .items.find((i) => i.description === xss)!;
    expect(item.flags).toContain('markup');
    expect(queue.body).not.toContain(CONTACT.phone);
    const other = await p.app.inject({ method: 'GET', url: '/api/v1/moderation/submissions', headers: pudongLead });
    expect(other.json<{ items: unknown[] }>().items.some((i) => JSON.stringify(i).includes('井盖没了'))).toBe(false);
    const outside = await p.app.inject({ method: 'POST', url: `/api/v1/moderation/submissions/${item.id}/approve`, headers: pudongLead });
    expect(outside.statusCode).toBe(404);

    const ok = await p.app.inject({ method: 'POST', url: `/api/v1/moderation/submissions/${item.id}/approve`, headers: lead });
    expect(ok.statusCode, ok.body).toBe(200);
    const again = await p.app.inject({ method: 'POST', url: `/api/v1/moderation/submissions/${item.id}/approve`, headers: lead });
    expect(again.statusCode).toBe(409);
    const f = await follow(s.token);
    expect(f.headers['content-type']).toMatch(/^application\/json/u);
    expect(f.json<{ description: string; submission: { state: string } }>()).toMatchObject({
      description: xss,
      submission: { state: 'accepted' },
    });
    const entries = await p.audit.search({ action: 'citizen.approve', subjectId: item.id, scopePath: '/', withoutPath: false, limit: 10 });
    expect(entries).toHaveLength(1);
  });

  it('a rejection tells the citizen why, and files no case', async () => {
    const res = await report(body({ description: 'VISIT WWW.SPAM.EXAMPLE AND HTTP://SPAM.EXAMPLE/BUY NOW FOR CHEAP PRICES' }));
    const s = res.json<{ token: string; state: string }>();
    expect(s.state).toBe('held');
    const queue = await p.app.inject({ method: 'GET', url: '/api/v1/moderation/submissions', headers: lead });
    const item = queue
      .json<{ items: Array<{ id: string; flags: string[]; description: string }> }>()
      .items.find((i) => i.description.startsWith('VISIT'))!;
    expect(item.flags).toEqual(expect.arrayContaining(['links', 'shouting']));
    const no = await p.app.inject({
      method: 'POST',
      url: `/api/v1/moderation/submissions/${item.id}/reject`,
      headers: lead,
      payload: { reason: '广告信息 · advertising' },
    });
    expect(no.statusCode, no.body).toBe(200);
    expect((await follow(s.token)).json()).toMatchObject({
      caseId: null,
      submission: { state: 'rejected', reason: '广告信息 · advertising' },
    });
  });

  it('refuses bad input with 422 naming the field', async () => {
    const cases: Array<[object, string]> = [
      [{ category: 'X0000' }, 'category'],
      [{ lon: 116.4, lat: 39.9 }, 'lon'],
      [{ description: '长'.repeat(2001) }, 'description'],
      [{ photos: ['a', 'b', 'c', 'd'] }, 'photos'],
      [{ photos: ['0190aaaa-0000-7000-8000-000000000000'] }, 'photos'],
    ];
    for (const [over, field] of cases) {
      const res = await report(body(over));
      expect(res.statusCode, `${field}: ${res.body}`).toBe(422);
      expect(res.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe(field);
    }
  });

  it('answers 429 with Retry-After naming the limit, per IP and per contact', async () => {
    let last = await report(body({ category: 'X0000', contact: null }), '10.8.8.8');
    for (let i = 0; i < 25 && last.statusCode !== 429; i++) last = await report(body({ category: 'X0000', contact: null }), '10.8.8.8');
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.json<{ detail: string }>().detail).toContain('per IP address');

    const contact = { phone: '139 0000 0001' };
    let byContact = await report(body({ category: 'P0102', contact }));
    for (let i = 0; i < 12 && byContact.statusCode !== 429; i++)
      byContact = await report(body({ category: 'P0102', contact: { phone: '13900000001' } }));
    expect(byContact.statusCode).toBe(429);
    expect(byContact.json<{ detail: string }>().detail).toContain('per contact');
  });

  it('takes a rating only after the case closed, and only once', async () => {
    const s = (await report(body({ category: 'P0104', contact: null }))).json<{ token: string; caseId: string }>();
    const rate = (score: number) => p.app.inject({ method: 'POST', url: `/api/v1/public/reports/${s.token}/rating`, payload: { score } });
    const early = await rate(5);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'REPORT_NOT_CLOSED' });

    const c0 = await p.cases.get(s.caseId, { id: 'system', roles: [], scopePath: '/', unitId: null, system: true });
    const unitId = p.directory.resolveResponsible(c0.category, c0.jurisdictionId)!.unit.id;
    const desk: Actor = { id: 'desk', roles: ['shift_lead', 'dispatcher'], scopePath: '/', unitId: null };
    const handler: Actor = { id: 'handler', roles: ['handler'], scopePath: '/', unitId };
    await p.cases.command(s.caseId, { type: 'file' }, desk);
    await p.cases.command(s.caseId, { type: 'dispatch', unitId }, desk);
    await p.cases.command(s.caseId, { type: 'accept' }, handler);
    await p.cases.command(s.caseId, { type: 'handle', result: '已补装井盖' }, handler);
    await p.cases.command(s.caseId, { type: 'verify', passed: true, note: 'ok' }, desk);
    await p.cases.command(s.caseId, { type: 'close' }, desk);

    const ok = await rate(4);
    expect(ok.statusCode, ok.body).toBe(201);
    const twice = await rate(5);
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'REPORT_ALREADY_RATED' });
    const f = (await follow(s.token)).json<{ rating: number; status: string; history: Array<{ state: string }> }>();
    expect(f).toMatchObject({ rating: 4, status: 'closed' });
    expect(f.history.map((h) => h.state)).toEqual(['reported', 'filed', 'dispatched', 'accepted', 'handled', 'verified', 'closed']);
    expect((await p.cases.get(s.caseId, desk)).satisfaction).toBe(4);
  });
});
