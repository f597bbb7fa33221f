/**
 * The check-in service on real storage, every dialect available, with a tiny city and small
 * in-memory stand-ins for the audit log and the grant checker (the HTTP tests use the real
 * ones): what a check-in stores (a keyed hash, never the key), refusals, counts, investigation
 * bounds, retention in batches and its audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/platform/clock.ts';
import { createGeoService } from '../../src/geo/service.ts';
import { createCheckinService, type CheckinService } from '../../src/checkin/service.ts';
import { createCheckinWriter } from '../../src/checkin/checkin-writer.ts';
import { grantCovers, type Grant, type GrantChecker } from '../../src/registry/grant-model.ts';
import type { AuditInput, AuditRecorder } from '../../src/audit/model.ts';
import { AppError } from '../../src/platform/errors.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { S1, TINY_CITY } from '../storage/tiny-city.ts';

const T0 = Date.UTC(2026, 10, 27, 2);
const DAY = 86_400_000;
const KEY = 'hc-app-pseudonym-000001';
const CASE_KEY = 'hc-app-pseudonym-case-a';

/** A grant checker over a list, applying the contract's own rule. */
function listChecker(grants: Grant[]): GrantChecker {
  return { find: async (q, now) => grants.find((g) => grantCovers(g, q, now)) ?? null };
}

function grant(over: Partial<Grant> & Pick<Grant, 'id' | 'granteeUserId' | 'scope' | 'caseId'>): Grant {
  return {
    purpose: 'epidemic_investigation',
    reason: 'test',
    status: 'approved',
    requestedBy: 'req',
    requestedAt: T0,
    decidedBy: 'lead',
    decidedAt: T0,
    validFrom: T0 - DAY,
    validUntil: T0 + 60 * DAY,
    revokedAt: null,
    ...over,
  };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe.each(availableDialects())('check-in service on %s', (dialect) => {
  let t: TestDb;
  let svc: CheckinService;
  const clock = manualClock(T0);
  const audited: AuditInput[] = [];
  const audit: AuditRecorder = { record: async (e) => void audited.push(...([] as AuditInput[]).concat(e)) };
  const grants: Grant[] = [];
  let geo: Awaited<ReturnType<typeof createGeoService>>;
  let d1: string; // path of district D1
  let d2: string;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    geo = await createGeoService({ database: t.database, clock });
    await geo.importFeatures([...TINY_CITY, S1]);
    d1 = geo.getByCode('D1')!.path;
    d2 = geo.getByCode('D2')!.path;
    svc = createCheckinService({
      database: t.database,
      clock,
      geo,
      audit,
      grants: listChecker(grants),
      dataKeys: { current: Buffer.alloc(32, 1), previous: [] },
      retentionDays: 28,
      timeZone: 'Asia/Shanghai',
      options: { perPerson: { burst: 1000, perMinute: 1000 }, purgeBatch: 7, purgeIntervalMs: 0 },
    });
  });
  afterAll(async () => t?.cleanup());

  const venueAt = (lon: number, lat: number, name = '测试场所') =>
    svc.registerVenue({ name, kind: 'shop', address: '某路1号', location: { lon, lat } }, { userId: 'admin-1' });

  it('registers a venue at its deepest jurisdiction with an unguessable URL-safe code', async () => {
    const a = await venueAt(121.3, 31.3); // inside S1, inside D1
    const b = await venueAt(121.3, 31.3);
    expect(a.jurisdictionPath.startsWith(d1)).toBe(true);
    expect(a.jurisdictionPath.length).toBeGreaterThan(d1.length); // the street, not the district
    expect(a.code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.code).not.toBe(b.code);
    const e = await refusal(venueAt(100, 10));
    expect(e).toMatchObject({ status: 400, code: 'VENUE_OUTSIDE_CITY', fields: [{ field: 'body.location' }] });
  });

  it('stores a check-in as venue, time, status and a keyed hash — the key itself nowhere', async () => {
    const v = await venueAt(121.3, 31.3);
    await svc.checkIn(v.code, { personKey: KEY, healthStatus: 'green' });
    const rows = await t.database.db.selectFrom('checkins').selectAll().where('venue_id', '=', v.id).execute();
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!).sort()).toEqual(['checked_in_at', 'id', 'person_hash', 'status', 'venue_id']);
    expect(rows[0]).toMatchObject({ status: 'green', checked_in_at: T0 });
    expect(rows[0]!.person_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(KEY);
  });

  it('refuses unknown codes (404), deactivated venues (410) and times out of range (400)', async () => {
    const v = await venueAt(121.3, 31.3);
    expect(await refusal(svc.checkIn('A'.repeat(22), { personKey: KEY, healthStatus: 'green' }))).toMatchObject({ status: 404 });
    expect(await refusal(svc.checkIn(v.code, { personKey: KEY, healthStatus: 'green', at: T0 + 3_600_000 }))).toMatchObject({
      status: 400,
      code: 'CHECKIN_TIME_OUT_OF_RANGE',
    });
    expect((await svc.deactivateVenue(v.id)).active).toBe(false);
    expect(await refusal(svc.checkIn(v.code, { personKey: KEY, healthStatus: 'green' }))).toMatchObject({ status: 410 });
  });

  it('stores check-ins arriving together in batches, each caller answered once its row is stored', async () => {
    const v = await venueAt(121.3, 31.3);
    const writer = createCheckinWriter(t.database.db);
    const row = (i: number, venueId = v.id) => ({ id: `w-${i}`, venueId, personHash: `h${i}`, at: T0, status: 'green' as const });
    await Promise.all(Array.from({ length: 1200 }, (_, i) => writer.write(row(i))));
    const stored = await t.database.db.selectFrom('checkins').select('id').where('venue_id', '=', v.id).execute();
    expect(stored).toHaveLength(1200);
    // A batch that cannot be stored (a venue that does not exist) fails every caller in it, and only them.
    const results = await Promise.allSettled([writer.write(row(5000)), writer.write(row(5001, 'no-such-venue'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await writer.write(row(5002));
    await writer.idle();
    expect(await t.database.db.selectFrom('checkins').select('id').where('id', 'in', ['w-5000', 'w-5002']).execute()).toEqual([
      { id: 'w-5002' },
    ]);
  });

  it('counts by hour with small numbers hidden', async () => {
    const v = await venueAt(121.3, 31.3);
    for (let i = 0; i < 6; i++) await svc.checkIn(v.code, { personKey: `person-${i}-xyz`, healthStatus: 'green', at: T0 - 1000 });
    await svc.checkIn(v.code, { personKey: 'person-red-xyz', healthStatus: 'red', at: T0 - 2 * 3_600_000 });
    const c = await svc.counts(v.id, { from: T0 - DAY, to: T0 + 1, bucket: 'hour' });
    expect(c.buckets).toEqual([
      { start: T0 - 2 * 3_600_000, total: null, byStatus: null },
      { start: T0 - 3_600_000, total: 6, byStatus: { green: 6, yellow: 0, red: 0 } },
    ]);
    expect(c.overall).toEqual({ total: 7, byStatus: null });
  });

  it('answers an investigation only under a grant naming the case, within its scope, with pseudonyms; audits both', async () => {
    const inD1 = await venueAt(121.3, 31.3, 'D1 场所');
    const inD2 = await venueAt(121.6, 31.2, 'D2 场所');
    await svc.checkIn(inD1.code, { personKey: CASE_KEY, healthStatus: 'yellow', at: T0 - 60_000 });
    await svc.checkIn(inD2.code, { personKey: CASE_KEY, healthStatus: 'yellow', at: T0 - 30_000 });
    const who = { userId: 'inv-1', username: 'inv', scopePath: '/' };
    grants.push(
      grant({ id: 'g-A', granteeUserId: 'inv-1', caseId: 'case-A', scope: { kind: 'jurisdiction', subjectKind: 'checkin', path: d1 } }),
    );
    audited.length = 0;

    const denied = await refusal(svc.investigate(who, { caseId: 'case-B', venueId: inD1.id, from: T0 - DAY, to: T0 + 1 }));
    expect(denied).toMatchObject({ status: 403, code: 'GRANT_REQUIRED' });
    expect(audited.at(-1)).toMatchObject({ action: 'checkin.query', outcome: 'denied', grantId: null });

    const out = await svc.investigate(who, { caseId: 'case-A', venueId: inD1.id, from: T0 - DAY, to: T0 + 1 });
    expect(out.grantId).toBe('g-A');
    expect(out.records.map((r) => r.venueName)).toEqual(['D1 场所']);
    expect(out.records[0]!.person).toMatch(/^p-/);
    expect(JSON.stringify(out)).not.toMatch(new RegExp(`${CASE_KEY}|[0-9a-f]{64}`));
    expect(audited.at(-1)).toMatchObject({
      action: 'checkin.query',
      outcome: 'ok',
      purpose: 'epidemic_investigation',
      grantId: 'g-A',
      subject: { kind: 'venue', id: inD1.id },
      detail: { caseId: 'case-A', records: 1, persons: 1, queryId: out.queryId },
    });

    // By person: only what lies under the grant's district, though the person was in D2 too.
    expect((await refusal(svc.investigate(who, { caseId: 'case-A', personKey: CASE_KEY, from: T0 - DAY, to: T0 + 1 }))).code).toBe(
      'GRANT_REQUIRED',
    );
    const mine = await svc.investigate(who, { caseId: 'case-A', personKey: CASE_KEY, jurisdictionPath: d1, from: T0 - DAY, to: T0 + 1 });
    expect(mine.records.map((r) => r.venueName)).toEqual(['D1 场所']);
    expect(await refusal(svc.investigate(who, { caseId: 'case-A', venueId: inD2.id, from: T0 - DAY, to: T0 + 1 }))).toMatchObject({
      code: 'GRANT_REQUIRED',
    });
    expect(d2).not.toBe(d1);
  });

  it('after a data key rotation, an investigation by person still finds the check-ins hashed under the previous key', async () => {
    const options = (current: Buffer, previous: Buffer[]) => ({
      database: t.database,
      clock,
      geo,
      audit,
      grants: listChecker(grants),
      dataKeys: { current, previous },
      retentionDays: 28,
      timeZone: 'Asia/Shanghai',
    });
    const next = Buffer.alloc(32, 2);
    const rotated = createCheckinService(options(next, [Buffer.alloc(32, 1)]));
    const v = await venueAt(121.3, 31.3, '轮换前后');
    await svc.checkIn(v.code, { personKey: 'rotating-person', healthStatus: 'green', at: T0 - 120_000 });
    await rotated.checkIn(v.code, { personKey: 'rotating-person', healthStatus: 'green', at: T0 - 60_000 });
    grants.push(
      grant({ id: 'g-R', granteeUserId: 'inv-R', caseId: 'case-R', scope: { kind: 'jurisdiction', subjectKind: 'checkin', path: d1 } }),
    );
    const who = { userId: 'inv-R', username: 'invR', scopePath: '/' };
    const q = { caseId: 'case-R', personKey: 'rotating-person', jurisdictionPath: d1, from: T0 - DAY, to: T0 + 1 };
    expect((await rotated.investigate(who, q)).records).toHaveLength(2);
    const newOnly = createCheckinService(options(next, []));
    expect((await newOnly.investigate(who, q)).records).toHaveLength(1);
  });

  it('refuses an expired or revoked grant', async () => {
    const v = await venueAt(121.3, 31.3);
    const who = { userId: 'inv-2', username: 'inv2', scopePath: '/' };
    const scope = { kind: 'jurisdiction' as const, subjectKind: 'checkin' as const, path: d1 };
    grants.push(grant({ id: 'g-old', granteeUserId: 'inv-2', caseId: 'case-C', scope, validUntil: T0 - 1 }));
    grants.push(grant({ id: 'g-rev', granteeUserId: 'inv-2', caseId: 'case-C', scope, revokedAt: T0 - 5, status: 'revoked' }));
    expect(await refusal(svc.investigate(who, { caseId: 'case-C', venueId: v.id, from: T0 - DAY, to: T0 }))).toMatchObject({
      code: 'GRANT_REQUIRED',
    });
  });

  it('purges records past retention in batches, audits the purge, and audits nothing when nothing was purged', async () => {
    const v = await venueAt(121.3, 31.3);
    for (let i = 0; i < 20; i++) await svc.checkIn(v.code, { personKey: `purge-${i}-key`, healthStatus: 'green' });
    const before = await t.database.db
      .selectFrom('checkins')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    audited.length = 0;
    expect((await svc.purgeExpired()).deleted).toBe(0);
    expect(audited).toHaveLength(0);

    clock.advance(28 * DAY + 1);
    // One purge runs at most 100 batches (here of 7 rows); the next tick takes the rest.
    const total = Number(before.n); // every record so far: all were made at or before T0
    expect(total).toBeGreaterThan(700);
    const first = await svc.purgeExpired();
    expect(first).toEqual({ deleted: 700, cutoff: T0 + 1 });
    const second = await svc.purgeExpired();
    expect(second.deleted).toBe(total - 700);
    expect(await t.database.db.selectFrom('checkins').select('id').execute()).toHaveLength(0);
    expect((await svc.purgeExpired()).deleted).toBe(0);
    const entry = (count: number): unknown =>
      expect.objectContaining({
        action: 'checkin.purge',
        actor: { kind: 'system', name: 'checkin-retention' },
        subject: { kind: 'checkins', id: null, path: null },
        detail: { count, cutoff: T0 + 1, retentionDays: 28 },
      });
    expect(audited).toEqual([entry(700), entry(total - 700)]);
  });
});
