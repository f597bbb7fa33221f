/**
 * The citizen core on the whole platform, every dialect available: a submission becomes a
 * `citizen` case at once (sourceRef = the submission id), a second report of the same problem
 * joins the first (duplicateOf), flagged text is held until a moderator approves it (or rejects
 * it, with the reason shown), and public reads carry no personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { availableDialects } from '../support/test-db.ts';
import { AppError } from '../../src/platform/errors.ts';

const SYSTEM = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };
const CONTACT = { name: '张三丰', phone: '13912345678', email: 'zhang@example.cn' };

describe.each(availableDialects())('citizen core on %s', (dialect) => {
  let p: TestPlatform;
  let lon = 0;
  let lat = 0;
  let moderator: { userId: string; username: string; scopePath: string };

  beforeAll(async () => {
    p = await startTestPlatform({ dialect });
    [lon, lat] = p.geo.getByCode('310101')!.center;
    const j = p.geo.getByCode('310000')!;
    const u = await p.directory.createUser({
      username: `mod_${dialect}`,
      displayName: 'moderator',
      password: 'Moderator-test-2026!',
      roles: ['shift_lead'],
      jurisdictionId: j.id,
    });
    moderator = { userId: u.id, username: u.username, scopePath: j.path };
  }, 60_000);

  afterAll(async () => {
    await p?.dispose();
  });

  const input = (description: string, over: object = {}) => ({
    channel: 'portal' as const,
    category: 'P0101',
    description,
    location: { lon, lat, address: '南京东路 1 号' },
    contact: CONTACT,
    ...over,
  });

  it('files a citizen case at once, and the token follows it without personal data', async () => {
    const s = await p.citizen.submit(input('窨井盖缺失，很危险'), { ip: '10.0.0.1' });
    expect(s.state).toBe('accepted');
    expect(s.caseId).not.toBeNull();
    const c = await p.cases.get(s.caseId!, SYSTEM);
    expect(c.source).toBe('citizen');
    expect(c.sourceRef).toMatch(/^[0-9a-f-]{36}$/u);
    expect(c.reporterId).not.toBeNull();
    const r = await p.citizen.bySubmissionToken(s.token);
    expect(r).toMatchObject({ caseId: s.caseId, code: s.caseCode, token: s.token, status: 'open', description: '窨井盖缺失，很危险' });
    const viewed = await p.citizen.view(s.caseId!);
    expect(viewed?.token).toBeNull();
    const text = JSON.stringify([r, viewed, await p.citizen.history(s.caseId!)]);
    for (const secret of [CONTACT.name, CONTACT.phone, CONTACT.email, '3912345678']) expect(text).not.toContain(secret);
    const h = await p.citizen.history(s.caseId!);
    expect(h[0]).toMatchObject({ state: 'reported', status: 'open' });
  });

  it('joins a second report of the same problem to the first (duplicateOf = the master code)', async () => {
    const first = await p.citizen.submit(input('路灯不亮', { category: 'P0103' }), { ip: '10.0.0.2' });
    const second = await p.citizen.submit(input('这里的路灯坏了', { category: 'P0103', contact: null }), { ip: '10.0.0.3' });
    expect(second.state).toBe('accepted');
    expect(second.duplicateOf).toBe(first.caseCode);
    const r = await p.citizen.bySubmissionToken(second.token);
    expect(r?.duplicateOf).toBe(first.caseCode);
    expect(r?.state).toBe('merged');
  });

  it('holds flagged text without a case; approving files it, rejecting shows the reason', async () => {
    const held = await p.citizen.submit(input('<script>alert(1)</script> 井盖'), { ip: '10.0.0.4' });
    expect(held).toMatchObject({ state: 'held', caseId: null, caseCode: null });
    expect(held.reason).toContain('HTML');
    expect(await p.citizen.bySubmissionToken(held.token)).toBeUndefined();
    const queue = await p.citizen.moderation.list('held', moderator);
    const item = queue.find((q) => q.description.startsWith('<script>'));
    expect(item).toBeDefined();
    const filed = await p.citizen.moderation.approve(item!.id, moderator);
    const r = await p.citizen.bySubmissionToken(held.token);
    expect(r?.code).toBe(filed.caseCode);
    expect(r?.description).toBe('<script>alert(1)</script> 井盖');
    await expect(p.citizen.moderation.approve(item!.id, moderator)).rejects.toMatchObject({ status: 409 });

    const spam = await p.citizen.submit(input('傻逼 快来修'), { ip: '10.0.0.5' });
    expect(spam.state).toBe('held');
    const id = (await p.citizen.moderation.list('held', moderator)).find((q) => q.description.startsWith('傻逼'))!.id;
    await p.citizen.moderation.reject(id, '含不文明用语，请修改后重新提交', moderator);
    const f = await p.citizen.follow(spam.token);
    expect(f?.submission).toMatchObject({ state: 'rejected', reason: '含不文明用语，请修改后重新提交' });
    expect(f?.report).toBeNull();
  });

  it('refuses an unknown category, a place outside the city and an overlong description, naming the field', async () => {
    const refusal = async (over: object) => {
      const e = await p.citizen.submit(input('井盖', over), { ip: '10.0.0.6' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      return e as AppError;
    };
    expect((await refusal({ category: 'Z9999' })).fields[0]?.field).toBe('category');
    expect((await refusal({ location: { lon: 0, lat: 0 } })).fields.map((f) => f.field)).toEqual(['lon', 'lat']);
    const long = await p.citizen.submit(input('长'.repeat(2001)), { ip: '10.0.0.6' }).catch((x: unknown) => x as AppError);
    expect(long).toMatchObject({ status: 422, fields: [{ field: 'description' }] });
  });

  it('lists by ids or codes, categories, status and time, newest or oldest first', async () => {
    const a = await p.citizen.submit(input('井盖松动', { category: 'P0102', contact: null }), { ip: '10.0.1.1' });
    const b = await p.citizen.submit(input('电线杆歪了', { category: 'P0104', contact: null }), { ip: '10.0.1.2' });
    const byIds = await p.citizen.list({ ids: [a.caseId!, b.caseCode!, 'no-such-case'] });
    expect(byIds.map((r) => r.code).sort()).toEqual([a.caseCode, b.caseCode].sort());
    const byCategory = await p.citizen.list({ categories: ['P0102', 'P0104'], status: 'open', order: 'oldest' });
    expect(byCategory.every((r) => ['P0102', 'P0104'].includes(r.category) && r.status === 'open')).toBe(true);
    expect(byCategory.map((r) => r.code)).toEqual(expect.arrayContaining([a.caseCode, b.caseCode]));
    expect(byCategory.map((r) => r.requestedAt)).toEqual([...byCategory.map((r) => r.requestedAt)].sort((x, y) => x - y));
    expect(await p.citizen.list({ categories: ['P0102'], status: 'closed' })).toEqual([]);
    expect(await p.citizen.list({ from: p.clock.now() + 1 })).toEqual([]);
  });

  it('shows a hotline case publicly by its category, never the operator’s text or the caller', async () => {
    const r = await p.cases.report(
      {
        source: 'hotline',
        category: 'P0101',
        description: '市民王小明 13700001111 来电称井盖缺失',
        location: { lon, lat },
        reporter: { name: '王小明', phone: '13700001111' },
      },
      SYSTEM,
    );
    const v = await p.citizen.view(r.case.id);
    expect(v?.description).not.toContain('王小明');
    expect(v?.description).toBe('上水井盖 · Water supply manhole cover');
    expect(JSON.stringify([v, await p.citizen.history(r.case.id)])).not.toMatch(/王小明|13700001111/u);
    expect(await p.citizen.view('no-such-case')).toBeUndefined();
  });

  it('lists open reports near a point', async () => {
    const items = await p.citizen.list({ near: { lon, lat, radiusM: 300 }, status: 'open' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.status === 'open')).toBe(true);
  });

  // Last: it moves the clock 15 days.
  it('rejects a report nobody moderated within 14 days, deletes its contact and audits it', async () => {
    const held = await p.citizen.submit(input('<b>井盖</b> 一直没人管'), { ip: '10.0.2.1' });
    expect(held.state).toBe('held');
    const row = () =>
      p.database.db
        .selectFrom('citizen_submissions')
        .selectAll()
        .where('description', '=', '<b>井盖</b> 一直没人管')
        .executeTakeFirstOrThrow();
    expect((await row()).contact_phone).toBe(CONTACT.phone);
    p.clock.advance(13 * 86_400_000);
    expect(await p.citizen.moderation.expireHeld()).toBe(0);
    p.clock.advance(2 * 86_400_000);
    expect(await p.citizen.moderation.expireHeld()).toBe(1);
    const f = await p.citizen.follow(held.token);
    expect(f?.submission.state).toBe('rejected');
    expect(f?.submission.reason).toContain('14 天内未完成审核');
    const after = await row();
    expect([after.id, after.contact_name, after.contact_phone, after.contact_email, after.decided_by]).toEqual([
      after.id,
      null,
      null,
      null,
      'system:moderation',
    ]);
    const logged = await p.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_kind'])
      .where('subject_id', '=', after.id)
      .execute();
    expect(logged).toContainEqual({ action: 'citizen.expire', actor_kind: 'system' });
    expect(await p.citizen.moderation.expireHeld()).toBe(0);
  });
});
