/**
 * Storage contract for finding cases, on every available dialect: `listCases` agrees with a
 * plain filter over the same cases for every filter, pages newest first through an opaque
 * cursor without gaps or repeats, and treats scope as a subtree (a sibling whose path merely
 * starts with the same characters, `/sh/hp1/` beside `/sh/hp/`, is outside); `countCases`;
 * `findOpenNear` finds open cases of a category in a box and time window only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/cases/store.ts';
import { FINAL_STATES, type Case, type CaseState } from '../../src/cases/case-types.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { fullCase, sparseCase } from './case-fixtures.ts';

const NOW = Date.UTC(2026, 11, 1);
const PATHS = ['/sh/hp/nj/', '/sh/hp/wt/', '/sh/hp/', '/sh/hp1/x/', '/sh/ja/jn/', '/sh/hp/nj/g1/'];
const STATES: CaseState[] = ['reported', 'filed', 'dispatched', 'accepted', 'closed', 'parked', 'voided'];

/** 90 cases spread over paths, states, units, centres, sources and times; some share a report time. */
function dataset(): Case[] {
  return Array.from({ length: 90 }, (_, i) => {
    const due = i % 5 === 0 ? null : NOW + (i % 3 === 0 ? -1 : 1) * 3_600_000;
    const base = i % 2 === 0 ? sparseCase() : fullCase();
    return {
      ...base,
      id: `c-list-${String(i).padStart(3, '0')}`,
      code: `L-${i}`,
      sourceRef: null,
      source: i % 4 === 0 ? 'alert' : 'citizen',
      category: i % 3 === 0 ? 'P0101' : 'E0401',
      state: STATES[i % STATES.length]!,
      jurisdictionPath: PATHS[i % PATHS.length]!,
      centreId: i % 2 === 0 ? 'centre-nj' : 'centre-hp',
      centrePath: i % 2 === 0 ? '/sh/hp/nj/' : '/sh/hp/',
      unitId: i % 3 === 1 ? 'unit-road' : null,
      masterId: null,
      reporterId: null,
      // Every third pair shares a report time, so the cursor's id tiebreak matters.
      reportedAt: NOW - Math.floor(i / 2) * 60_000,
      step:
        due === null
          ? null
          : {
              step: 'handle',
              startedAt: NOW - 7_200_000,
              dueAt: due,
              limit: { amount: 4, unit: 'working_hours' },
              pausedRemainingMs: i % 7 === 0 ? 1000 : null,
              overdueAt: null,
            },
    };
  });
}

const newestFirst = (a: Case, b: Case) => b.reportedAt - a.reportedAt || (a.id < b.id ? 1 : -1);

describe.each(availableDialects())('finding cases on %s', (dialect) => {
  let t: TestDb;
  const cases = dataset();
  beforeAll(async () => {
    t = await openTestDb(dialect);
    for (const c of cases) await store.insertCase(t.database.db, c);
  });
  afterAll(async () => t?.cleanup());

  async function all(filter: Omit<store.CaseListFilter, 'limit' | 'now' | 'cursor'>, limit = 7): Promise<Case[]> {
    const out: Case[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page: store.CasePage = await store.listCases(t.database.db, { ...filter, now: NOW, limit, cursor });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      out.push(...page.items);
      cursor = page.nextCursor;
      if (cursor === null) return out;
    }
    throw new Error('paging did not end');
  }

  const under = (p: string) => (c: Case) => c.jurisdictionPath.startsWith(p);
  const overdue = (c: Case) => c.step !== null && c.step.dueAt < NOW && c.step.pausedRemainingMs === null;

  it('pages newest first through every case in scope, without gaps or repeats', async () => {
    const got = await all({ scopePath: '/' });
    expect(got.map((c) => c.id)).toEqual([...cases].sort(newestFirst).map((c) => c.id));
    expect(got).toEqual([...cases].sort(newestFirst)); // whole cases, not just ids
    const one = await store.listCases(t.database.db, { scopePath: '/', now: NOW, limit: 90 });
    expect(one.nextCursor).toBeNull();
  });

  it('treats scope as a subtree: a sibling with the same leading characters is outside', async () => {
    const hp = await all({ scopePath: '/sh/hp/' });
    expect(hp.map((c) => c.id)).toEqual(
      cases
        .filter(under('/sh/hp/'))
        .sort(newestFirst)
        .map((c) => c.id),
    );
    expect(hp.some((c) => c.jurisdictionPath === '/sh/hp1/x/')).toBe(false);
    expect(hp.some((c) => c.jurisdictionPath === '/sh/hp/')).toBe(true); // the scope's own cases
    expect((await all({ scopePath: '/sh/hp1/' })).every((c) => c.jurisdictionPath === '/sh/hp1/x/')).toBe(true);
    expect(await all({ scopePath: '/sh/h' })).toHaveLength(cases.filter(under('/sh/h')).length);
    expect(await all({ scopePath: '/nowhere/' })).toEqual([]);
    expect(await store.countCases(t.database.db, '/sh/hp/')).toBe(cases.filter(under('/sh/hp/')).length);
    expect(await store.countCases(t.database.db, '/')).toBe(90);
  });

  it('applies each filter, and all of them together', async () => {
    const check = async (filter: Omit<store.CaseListFilter, 'limit' | 'now' | 'cursor'>, expected: (c: Case) => boolean) => {
      const got = await all(filter, 11);
      expect(
        got.map((c) => c.id),
        JSON.stringify(filter),
      ).toEqual(
        cases
          .filter(expected)
          .sort(newestFirst)
          .map((c) => c.id),
      );
      expect(got.length, JSON.stringify(filter)).toBeGreaterThan(0);
    };
    await check({ scopePath: '/', states: ['filed', 'parked'] }, (c) => c.state === 'filed' || c.state === 'parked');
    await check({ scopePath: '/', states: [] }, () => true);
    await check({ scopePath: '/', unitId: 'unit-road' }, (c) => c.unitId === 'unit-road');
    await check({ scopePath: '/', centreId: 'centre-hp' }, (c) => c.centreId === 'centre-hp');
    await check({ scopePath: '/', centrePathPrefix: '/sh/hp/nj/' }, (c) => c.centrePath.startsWith('/sh/hp/nj/'));
    await check({ scopePath: '/', category: 'P0101' }, (c) => c.category === 'P0101');
    await check({ scopePath: '/', source: 'alert' }, (c) => c.source === 'alert');
    await check({ scopePath: '/', overdue: true }, overdue);
    await check({ scopePath: '/', overdue: false }, (c) => !overdue(c));
    const from = NOW - 20 * 60_000;
    const to = NOW - 5 * 60_000;
    await check({ scopePath: '/', reportedFrom: from, reportedTo: to }, (c) => c.reportedAt >= from && c.reportedAt < to);
    await check(
      {
        scopePath: '/sh/hp/',
        states: ['reported', 'dispatched', 'parked'],
        centreId: 'centre-nj',
        category: 'P0101',
        reportedFrom: NOW - 40 * 60_000,
      },
      (c) =>
        under('/sh/hp/')(c) &&
        ['reported', 'dispatched', 'parked'].includes(c.state) &&
        c.centreId === 'centre-nj' &&
        c.category === 'P0101' &&
        c.reportedAt >= NOW - 40 * 60_000,
    );
  });

  it('refuses a cursor it did not make', async () => {
    await expect(store.listCases(t.database.db, { scopePath: '/', now: NOW, limit: 5, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
      status: 400,
      fields: [{ field: 'cursor' }],
    });
  });

  it('finds open cases of a category in a box and time window', async () => {
    const { db } = t.database;
    const at = (lon: number, lat: number, over: Partial<Case> = {}) =>
      sparseCase({ category: 'X9901', location: { lon, lat, address: null }, reportedAt: NOW - 1000, ...over });
    const inside = at(121.5, 31.2);
    const older = at(121.5, 31.2, { reportedAt: NOW - 10 * 86_400_000 });
    const outsideLon = at(121.6, 31.2);
    const outsideLat = at(121.5, 31.3);
    const otherCategory = at(121.5, 31.2, { category: 'X9902' });
    const finals = FINAL_STATES.map((state) => at(121.5, 31.2, { state }));
    const parked = at(121.50001, 31.20001, { state: 'parked', reportedAt: NOW - 500 });
    const self = at(121.5, 31.2, { reportedAt: NOW });
    for (const c of [inside, older, outsideLon, outsideLat, otherCategory, ...finals, parked, self]) await store.insertCase(db, c);
    const box = { category: 'X9901', minLon: 121.49, maxLon: 121.51, minLat: 31.19, maxLat: 31.21, since: NOW - 86_400_000, limit: 10 };
    const found = await store.findOpenNear(db, { ...box, excludeId: self.id });
    expect(found.map((c) => c.id)).toEqual([parked.id, inside.id]);
    expect((await store.findOpenNear(db, box)).map((c) => c.id)).toEqual([self.id, parked.id, inside.id]);
    expect(await store.findOpenNear(db, { ...box, limit: 1 })).toHaveLength(1);
    expect(await store.findOpenNear(db, { ...box, since: NOW + 1 })).toEqual([]);
  });
});
