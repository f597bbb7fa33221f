/**
 * Storage contract: the directory (units, responsibility matrix, users), on every dialect.
 * - units are stored and listed as written, in batches larger than one statement;
 * - setting a responsibility cell again for the same (category, jurisdiction) replaces its unit
 *   rather than adding a row; clearing deletes it;
 * - resolution inherits down the tree and is overridden deeper, also from fresh services that
 *   reload everything from storage;
 * - a duplicate username is a 409 USERNAME_TAKEN and writes nothing; the sign-in throttle state
 *   is saved and read back exactly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/platform/clock.ts';
import { AppError } from '../../src/platform/errors.ts';
import { createGeoService, type GeoService } from '../../src/geo/service.ts';
import { createDirectoryService, type DirectoryService } from '../../src/directory/service.ts';
import * as store from '../../src/directory/store.ts';
import type { UnitTable } from '../../src/platform/db/schema.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { S1, TINY_CITY } from './tiny-city.ts';

const NOW = Date.UTC(2026, 10, 27, 2, 0, 0);
const PASSWORD = 'Storage-contract-2026!';

describe.each(availableDialects())('directory storage on %s', (dialect) => {
  let t: TestDb;
  let geo: GeoService;
  let dir: DirectoryService;
  let clock: ReturnType<typeof manualClock>;
  const id = (code: string): string => geo.require(code).id;

  beforeEach(async () => {
    t = await openTestDb(dialect);
    clock = manualClock(NOW);
    geo = await createGeoService({ database: t.database, clock });
    await geo.importFeatures(TINY_CITY);
    await geo.importFeatures([S1]);
    dir = await createDirectoryService({ database: t.database, clock, geo });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  /** Services as a restarted process would build them: everything from storage. */
  async function freshDirectory(): Promise<DirectoryService> {
    const g = await createGeoService({ database: t.database, clock });
    return createDirectoryService({ database: t.database, clock, geo: g });
  }

  it('stores and lists units as written', async () => {
    const centre = await dir.createUnit({
      code: 'CTR-C1',
      kind: 'centre',
      departmentKind: null,
      name: '测试市城运中心',
      nameEn: 'City Operations Centre',
      jurisdictionId: id('C1'),
    });
    const water = await dir.createUnit({
      code: 'D1-water',
      kind: 'department',
      departmentKind: 'water',
      name: '东湖区水务局',
      jurisdictionId: id('D1'),
    });
    expect(await store.listUnits(t.database.db)).toEqual([centre, water]);
    expect(water).toMatchObject({
      kind: 'department',
      departmentKind: 'water',
      name: '东湖区水务局',
      nameEn: null,
      jurisdictionId: id('D1'),
    });
    const raw = await t.database.db.selectFrom('units').select(['code', 'created_at']).orderBy('code').execute();
    expect(raw).toEqual([
      { code: 'CTR-C1', created_at: NOW },
      { code: 'D1-water', created_at: NOW },
    ]);

    const dup = dir.createUnit({ code: 'D1-water', kind: 'centre', departmentKind: null, name: '重复', jurisdictionId: id('D2') });
    await expect(dup).rejects.toMatchObject({ status: 409, code: 'UNIT_EXISTS' });
    expect(await store.listUnits(t.database.db)).toHaveLength(2);
    expect((await freshDirectory()).listUnits(geo.require('C1').path)).toEqual([centre, water]);
  });

  it('inserts more units than one statement carries', async () => {
    const rows: UnitTable[] = Array.from({ length: 1234 }, (_, i) => ({
      id: `u${String(i).padStart(4, '0')}`,
      code: `U${String(i).padStart(4, '0')}`,
      kind: 'department',
      department_kind: 'enforcement',
      name: `城管中队${i}`,
      name_en: null,
      jurisdiction_id: id('S1'),
      created_at: NOW + i,
    }));
    await store.insertUnits(t.database.db, rows);
    const units = await store.listUnits(t.database.db);
    expect(units).toHaveLength(1234);
    expect(units[1233]).toEqual(store.toUnit(rows[1233]!));
  });

  it('replaces the unit of a cell on the same (category, jurisdiction) and deletes cells', async () => {
    const a = await dir.createUnit({ code: 'A', kind: 'department', departmentKind: 'water', name: '甲', jurisdictionId: id('D1') });
    const b = await dir.createUnit({ code: 'B', kind: 'department', departmentKind: 'water', name: '乙', jurisdictionId: id('D1') });
    await dir.setResponsibility('0101', id('D1'), a.id, 'actor-1');
    clock.advance(60_000);
    await dir.setResponsibility('0101', id('D1'), b.id, null);
    await dir.setResponsibility('0102', id('D1'), a.id, null);
    const rows = await t.database.db
      .selectFrom('responsibilities')
      .select(['category_code', 'jurisdiction_id', 'unit_id', 'created_at', 'created_by'])
      .orderBy('category_code')
      .execute();
    expect(rows).toEqual([
      { category_code: '0101', jurisdiction_id: id('D1'), unit_id: b.id, created_at: NOW + 60_000, created_by: null },
      { category_code: '0102', jurisdiction_id: id('D1'), unit_id: a.id, created_at: NOW + 60_000, created_by: null },
    ]);
    expect(
      dir
        .responsibilitiesAt(id('D1'))
        .map((c) => [c.categoryCode, c.unitId])
        .sort(),
    ).toEqual([
      ['0101', b.id],
      ['0102', a.id],
    ]);

    expect(await store.deleteResponsibility(t.database.db, '0102', id('D1'))).toBe(true);
    expect(await store.deleteResponsibility(t.database.db, '0102', id('D1'))).toBe(false);
    await dir.clearResponsibility('0101', id('D1'));
    expect(await store.listResponsibilities(t.database.db)).toEqual([]);
    await expect(dir.clearResponsibility('0101', id('D1'))).rejects.toMatchObject({ status: 404 });
  });

  it('resolves by inheritance down the tree, overridden deeper, also after a reload from storage', async () => {
    const centre = await dir.createUnit({ code: 'CTR', kind: 'centre', departmentKind: null, name: '城运中心', jurisdictionId: id('C1') });
    const squad = await dir.createUnit({
      code: 'SQ',
      kind: 'department',
      departmentKind: 'enforcement',
      name: '东湖区城管执法大队',
      jurisdictionId: id('D1'),
    });
    await dir.setResponsibility('0101', id('C1'), centre.id, null);
    expect(dir.resolveResponsible('0101', id('S1'))).toEqual({ unit: centre, setAt: id('C1') });
    await dir.setResponsibility('0101', id('D1'), squad.id, null);

    for (const d of [dir, await freshDirectory()]) {
      expect(d.resolveResponsible('0101', id('S1'))).toEqual({ unit: squad, setAt: id('D1') });
      expect(d.resolveResponsible('0101', id('D1'))).toEqual({ unit: squad, setAt: id('D1') });
      expect(d.resolveResponsible('0101', id('D2'))).toEqual({ unit: centre, setAt: id('C1') });
      expect(d.resolveResponsible('0199', id('S1'))).toBeNull();
    }
    await dir.clearResponsibility('0101', id('D1'));
    expect((await freshDirectory()).resolveResponsible('0101', id('S1'))).toEqual({ unit: centre, setAt: id('C1') });
  });

  it('creates users once; a duplicate username is 409 USERNAME_TAKEN and writes nothing', async () => {
    const user = await dir.createUser({
      username: 'zhang.wei',
      displayName: '张伟',
      password: PASSWORD,
      roles: ['dispatcher'],
      jurisdictionId: id('S1'),
    });
    expect(await dir.getUser(user.id)).toEqual(user);
    expect(user).toMatchObject({
      displayName: '张伟',
      roles: ['dispatcher'],
      unitId: null,
      disabled: false,
      createdAt: NOW,
      passwordChangedAt: NOW,
    });
    const row = await store.userRowById(t.database.db, user.id);
    expect(row?.password_hash).toMatch(/^scrypt\$/);
    expect(row?.password_hash).not.toContain(PASSWORD);

    clock.advance(1000);
    let err: unknown;
    try {
      await dir.createUser({
        username: 'zhang.wei',
        displayName: '另一个张伟',
        password: PASSWORD,
        roles: ['auditor'],
        jurisdictionId: id('D2'),
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 409, code: 'USERNAME_TAKEN' });
    expect(await store.listUsers(t.database.db)).toEqual([user]);
    expect((await dir.listUsers(geo.require('D1').path)).map((u) => u.username)).toEqual(['zhang.wei']);
    expect(await dir.listUsers(geo.require('D2').path)).toEqual([]);
  });

  it('saves the sign-in throttle state and reads it back exactly', async () => {
    const user = await dir.createUser({
      username: 'li.na',
      displayName: '李娜',
      password: PASSWORD,
      roles: ['auditor'],
      jurisdictionId: id('C1'),
    });
    const state = { failures: 10, lastFailureAt: NOW + 123, lockedUntil: NOW + 123 + 30 * 60_000 };
    await store.saveThrottle(t.database.db, user.id, state);
    const row = await store.userRowByUsername(t.database.db, 'li.na');
    expect({ failures: row?.failures, lastFailureAt: row?.last_failure_at, lockedUntil: row?.locked_until }).toStrictEqual(state);
    await store.saveThrottle(t.database.db, user.id, { failures: 0, lastFailureAt: null, lockedUntil: null });
    expect(await store.userRowById(t.database.db, user.id)).toMatchObject({ failures: 0, last_failure_at: null, locked_until: null });
  });
});
