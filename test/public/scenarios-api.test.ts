/**
 * Published application scenarios end to end on the demo city, on the suite's dialect: an admin
 * registers a scenario watching a rule and a case class; alerts and cases made through the
 * services in October and November become its monthly figures, checked against counts taken
 * straight from the database; the register is published as JSON, CSV and Atom; months are
 * frozen once (by the admin route and by the scheduler's call), served byte for byte, chained,
 * and a quiet edit of a stored snapshot shows on verification.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { DEMO_PASSWORD } from '../../src/directory/demo-directory.ts';
import { monthRange } from '../../src/public/scenarios/month-model.ts';
import { signIn, startTestPlatform, type TestPlatform, type TestSession } from '../support/platform.ts';
import { closeCase, raiseAlerts, reportCase, spotIn } from './scenarios-cases.ts';

const ZONE = 'Asia/Shanghai';
const WATCHED_RULE = 'figures-water-rule';
let p: TestPlatform;
let admin: TestSession;
let dispatcher: TestSession;
let scenarioId = '';

interface Published {
  id: string;
  slug: string;
  status: string;
  monthly: { month: string; alertsRaised: number; casesHandled: number; onTimeRate: number | null }[];
}

const get = (url: string) => p.app.inject({ method: 'GET', url });
const send = (method: 'POST' | 'PATCH', url: string, s: TestSession | null, payload: unknown) =>
  p.app.inject({ method, url, headers: s?.headers ?? {}, payload: payload as object });

// Sessions end after idling: the tests move the clock by weeks, so each test signs in afresh.
beforeEach(async () => {
  admin = await signIn(p, 'admin', DEMO_PASSWORD);
  dispatcher = await signIn(p, 'dispatcher', DEMO_PASSWORD);
});

const scenario = (over: Record<string, unknown> = {}) => ({
  slug: 'figures-water',
  name: '积水测试场景',
  nameEn: 'Standing water (test)',
  department: '水务局',
  status: 'online',
  launchDate: '2026-10-01',
  watches: '积水',
  watchesEn: 'standing water',
  ruleIds: [WATCHED_RULE],
  categories: ['E0401'],
  ...over,
});

/** The figures of a month counted straight from the tables, independently of the service. */
async function counted(month: string) {
  const { from, to } = monthRange(month, ZONE);
  const db = p.database.db;
  const alerts = await db
    .selectFrom('alerts')
    .select(sql<number>`count(*)`.as('n'))
    .where('rule_id', '=', WATCHED_RULE)
    .where('raised_at', '>=', from)
    .where('raised_at', '<', to)
    .executeTakeFirstOrThrow();
  const cases = await db
    .selectFrom('cases')
    .select([sql<number>`count(*)`.as('n'), sql<number>`sum(closed_on_time)`.as('ok')])
    .where('category', '=', 'E0401')
    .where('state', '=', 'closed')
    .where('closed_at', '>=', from)
    .where('closed_at', '<', to)
    .executeTakeFirstOrThrow();
  const n = Number(cases.n);
  return { month, alertsRaised: Number(alerts.n), casesHandled: n, onTimeRate: n === 0 ? null : Number(cases.ok) / n };
}

beforeAll(async () => {
  // Monday 12 October 2026, 10:00 in Shanghai (after the National Day holidays).
  p = await startTestPlatform({ now: Date.UTC(2026, 9, 12, 2, 0, 0) });
  admin = await signIn(p, 'admin', DEMO_PASSWORD);

  const res = await send('POST', '/api/v1/scenarios', admin, scenario());
  expect(res.statusCode, res.body).toBe(201);
  scenarioId = res.json<{ id: string }>().id;

  // October: 3 watched alerts and 1 of another rule; 2 standing-water cases closed, one left
  // open, and a garbage case (another class) closed.
  await raiseAlerts(p, WATCHED_RULE, 3);
  await raiseAlerts(p, 'figures-other-rule', 1);
  const a = await reportCase(p, 'E0401', spotIn(p, '310101'));
  const b = await reportCase(p, 'E0401', spotIn(p, '310104'));
  const late = await reportCase(p, 'E0401', spotIn(p, '310105'));
  const other = await reportCase(p, 'E0102', spotIn(p, '310101002'));
  p.clock.advance(3_600_000);
  for (const id of [a, b, other]) await closeCase(p, id);

  // November (Monday the 16th): the open case is long overdue; the scheduler marks it, then it closes late.
  p.clock.set(Date.UTC(2026, 10, 16, 2, 0, 0));
  await p.cases.tick();
  await closeCase(p, late);
  await raiseAlerts(p, WATCHED_RULE, 2);
}, 180_000);
afterAll(async () => p?.dispose());

describe('the published register', () => {
  it('computes each month’s figures from the alerts and cases on record', async () => {
    const res = await get('/api/v1/public/scenarios');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json<{ items: Published[] }>().items.find((i) => i.id === scenarioId)!;
    expect(s.monthly).toEqual([await counted('2026-10'), await counted('2026-11')]);
    expect(s.monthly).toEqual([
      { month: '2026-10', alertsRaised: 3, casesHandled: 2, onTimeRate: 1 },
      { month: '2026-11', alertsRaised: 2, casesHandled: 1, onTimeRate: 0 },
    ]);
  });

  it('lets only admins edit, validates by field, audits every change', async () => {
    expect((await send('POST', '/api/v1/scenarios', null, scenario({ slug: 'x-anon' }))).statusCode).toBe(401);
    expect((await send('POST', '/api/v1/scenarios', dispatcher, scenario({ slug: 'x-disp' }))).statusCode).toBe(403);
    const badCategory = await send('POST', '/api/v1/scenarios', admin, scenario({ slug: 'x-bad', categories: ['Z9999'] }));
    expect(badCategory.statusCode).toBe(400);
    expect(badCategory.json()).toMatchObject({ field: 'body.categories' });
    const noDate = await send('POST', '/api/v1/scenarios', admin, scenario({ slug: 'x-nodate', launchDate: null }));
    expect(noDate.json()).toMatchObject({ field: 'body.launchDate' });
    expect((await send('POST', '/api/v1/scenarios', admin, scenario())).json()).toMatchObject({ code: 'SCENARIO_SLUG_TAKEN' });

    const patched = await send('PATCH', `/api/v1/scenarios/${scenarioId}`, admin, { watches: '下立交积水', version: 1 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ version: 2, watches: '下立交积水' });
    const stale = await send('PATCH', `/api/v1/scenarios/${scenarioId}`, admin, { watches: 'x', version: 1 });
    expect(stale.json()).toMatchObject({ code: 'SCENARIO_VERSION_CONFLICT' });
    expect((await send('PATCH', '/api/v1/scenarios/nope', admin, { watches: 'x' })).statusCode).toBe(404);

    const entries = await p.audit.search({ action: 'scenario.*', scopePath: '/', withoutPath: true, limit: 50 });
    expect(entries.filter((e) => e.subjectId === scenarioId).map((e) => [e.action, e.actorName])).toEqual(
      expect.arrayContaining([
        ['scenario.create', 'admin'],
        ['scenario.update', 'admin'],
      ]),
    );
  });

  it('publishes CSV (BOM, RFC 4180, formulas neutralised)', async () => {
    const planned = scenario({
      slug: 'figures-formula',
      name: '=HYPERLINK("http://evil")',
      status: 'planned',
      launchDate: null,
      nameEn: 'a, "b"',
    });
    expect((await send('POST', '/api/v1/scenarios', admin, planned)).statusCode).toBe(201);
    const res = await get('/api/v1/public/scenarios.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows: string[][] = parse(res.rawPayload.toString('utf8').slice(1));
    const water = rows.filter((r) => r[0] === 'figures-water');
    expect(water.map((r) => r.slice(8))).toEqual([
      ['2026-10', '3', '2', '100'],
      ['2026-11', '2', '1', '0'],
    ]);
    const formula = rows.find((r) => r[0] === 'figures-formula')!;
    expect(formula[1]).toBe('\'=HYPERLINK("http://evil")');
    expect(formula[2]).toBe('a, "b"');
    expect(formula.slice(8)).toEqual(['', '', '', '']);
  });

  it('publishes an Atom feed with one entry per change', async () => {
    const res = await get('/api/v1/public/scenarios.atom');
    expect(res.headers['content-type']).toContain('application/atom+xml');
    const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (n) => n === 'entry' || n === 'link' }).parse(
      res.body,
    ) as { feed: { id: string; updated: string; author: { name: string }; entry: { id: string; title: { '#text': string } }[] } };
    expect(feed.feed.id).toMatch(/^urn:uuid:/);
    expect(feed.feed.author.name).toBeTruthy();
    const titles = feed.feed.entry.map((e) => e.title['#text']);
    expect(titles.filter((t) => t.includes('积水测试场景'))).toHaveLength(2); // created, then edited
    expect(titles.some((t) => t.includes('=HYPERLINK'))).toBe(true);
  });
});

describe('monthly snapshots', () => {
  it('freezes a finished month once, serves it byte for byte and lists it with its hash', async () => {
    expect((await send('POST', '/api/v1/scenarios/snapshots', admin, { month: '2026-11' })).json()).toMatchObject({
      code: 'SNAPSHOT_MONTH_NOT_OVER',
    });
    const frozen = await send('POST', '/api/v1/scenarios/snapshots', admin, { month: '2026-10' });
    expect(frozen.statusCode, frozen.body).toBe(201);
    const again = await send('POST', '/api/v1/scenarios/snapshots', admin, { month: '2026-10' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'SNAPSHOT_FROZEN' });

    const first = await get('/api/v1/public/scenarios/snapshots/2026-10');
    // Figures move on after freezing (a case closed late in October would change them); the snapshot does not.
    await closeCase(p, await reportCase(p, 'E0401', spotIn(p, '310106')));
    await raiseAlerts(p, WATCHED_RULE, 1);
    const second = await get('/api/v1/public/scenarios/snapshots/2026-10');
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    const sha = createHash('sha256').update(first.rawPayload).digest('hex');
    expect(first.headers.etag).toBe(`"${sha}"`);
    const list = (await get('/api/v1/public/scenarios/snapshots')).json<{
      items: { month: string; sha256: string; previousSha256: string | null }[];
    }>();
    expect(list.items).toEqual([expect.objectContaining({ month: '2026-10', sha256: sha, previousSha256: null })]);

    const doc = first.json<{ month: string; items: Published[] }>();
    expect(doc.month).toBe('2026-10');
    // The register as it stood at October's end: the scenario as created (the edit came in November).
    const s = doc.items.find((i) => i.id === scenarioId)!;
    expect(s.monthly).toEqual([{ month: '2026-10', alertsRaised: 3, casesHandled: 2, onTimeRate: 1 }]);
    expect(doc.items.some((i) => i.slug === 'figures-formula')).toBe(false);
    expect((await get('/api/v1/public/scenarios/snapshots/2026-09')).statusCode).toBe(404);
    expect((await get('/api/v1/public/scenarios/snapshots/2026-13')).statusCode).toBe(400);
  });

  it('is frozen by the scheduler for the previous month, once, however many callers race', async () => {
    expect(await p.scenarios.freezeDue()).toEqual({ month: '2026-10', created: false });
    p.clock.set(Date.UTC(2026, 11, 1, 1, 0, 0)); // 1 December, 09:00 in Shanghai
    const results = await Promise.all([p.scenarios.freezeDue(), p.scenarios.freeze('2026-11', { system: 'other-process' })]);
    expect(results.map((r) => r?.created).filter(Boolean)).toHaveLength(1);
    const list = (await get('/api/v1/public/scenarios/snapshots')).json<{
      items: { month: string; sha256: string; previousSha256: string | null }[];
    }>();
    expect(list.items.map((i) => i.month)).toEqual(['2026-10', '2026-11']);
    expect(list.items[1]!.previousSha256).toBe(list.items[0]!.sha256);
    const atom = (await get('/api/v1/public/scenarios.atom')).body;
    expect(atom).toContain('Monthly snapshot 2026-11');
    admin = await signIn(p, 'admin', DEMO_PASSWORD); // the clock moved a fortnight
    const early = await send('POST', '/api/v1/scenarios/snapshots', admin, { month: '2026-09' });
    expect(early.json(), early.body).toMatchObject({
      code: 'SNAPSHOT_OUT_OF_ORDER',
    });
  });

  it('shows a quiet rewrite of a stored snapshot', async () => {
    expect((await get('/api/v1/public/scenarios/snapshots/verify')).json()).toEqual({ ok: true, checked: 2, problems: [] });
    const row = await p.database.db
      .selectFrom('scenario_snapshots')
      .select('document')
      .where('month', '=', '2026-10')
      .executeTakeFirstOrThrow();
    await p.database.db
      .updateTable('scenario_snapshots')
      .set({ document: row.document.replace('"alertsRaised": 3', '"alertsRaised": 30') })
      .where('month', '=', '2026-10')
      .execute();
    const verdict = (await get('/api/v1/public/scenarios/snapshots/verify')).json<{
      ok: boolean;
      problems: { month: string; problem: string }[];
    }>();
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([expect.objectContaining({ month: '2026-10', problem: 'altered' })]);
  });
});
