/**
 * Storage contract: values come back exactly as written, with the same JS types, on every
 * dialect. Epoch-ms `bigint` columns are numbers (PostgreSQL's int8 would be a string without
 * create-db's parser), including values beyond 2^31; `double precision` keeps all 17 digits;
 * NULL stays null; JSON text is byte-identical; Chinese (and astral-plane) text is intact.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getMeta, setMeta } from '../../src/platform/db/meta.ts';
import type { JurisdictionTable } from '../../src/platform/db/schema.ts';
import * as geoStore from '../../src/geo/store.ts';
import * as dirStore from '../../src/directory/store.ts';
import * as sessionStore from '../../src/directory/session-store.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';

/** Epoch-ms values worth a round trip: zero, around 2^31 and 2^32, real dates, before 1970, the largest safe integer. */
const TIMES = [
  0,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 + 1,
  Date.UTC(2026, 10, 27, 2, 0, 0, 123),
  Date.UTC(2100, 0, 1),
  Date.UTC(1969, 6, 20, 20, 17),
  Number.MAX_SAFE_INTEGER,
];

/** Doubles that a float4, a decimal text round or a 15-digit print would change. */
const LON = 121.4737123456789;
const LAT = 31.230416789012345;
const TINY = 0.1 + 0.2; // 0.30000000000000004

const NAME = '上海市黄浦区南京东路街道 𠮷野家 «test»';

function jurisdiction(id: string, code: string, createdAt: number, parentId: string | null): JurisdictionTable {
  const geometry = JSON.stringify({
    type: 'Polygon',
    coordinates: [
      [
        [LON, LAT],
        [LON + TINY, LAT],
        [LON + TINY, LAT + TINY],
        [LON, LAT],
      ],
    ],
  });
  return {
    id,
    code,
    name: NAME,
    level: 'city',
    parent_id: parentId,
    path: `/${id}/`,
    depth: 0,
    min_lon: LON,
    min_lat: LAT,
    max_lon: LON + TINY,
    max_lat: LAT + TINY,
    center_lon: -LON,
    center_lat: TINY,
    geometry,
    created_at: createdAt,
  };
}

describe.each(availableDialects())('round trips on %s', (dialect) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb(dialect);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('bigint epoch-ms columns come back as the same JS numbers', async () => {
    const rows = TIMES.map((ms, i) => jurisdiction(`j${i}`, `c${i}`, ms, null));
    await geoStore.insertJurisdictions(t.database.db, rows);
    const back = await t.database.db.selectFrom('jurisdictions').select(['code', 'created_at']).orderBy('code').execute();
    for (const [i, ms] of TIMES.entries()) {
      const row = back.find((r) => r.code === `c${i}`);
      expect(typeof row?.created_at, `c${i}`).toBe('number');
      expect(row?.created_at, `c${i}`).toBe(ms);
    }
  });

  it('double precision coordinates, integers, NULL, JSON text and unicode come back exactly', async () => {
    const row = jurisdiction('j1', 'c1', Date.UTC(2026, 10, 27), null);
    await geoStore.insertJurisdictions(t.database.db, [row]);
    const back = await t.database.db.selectFrom('jurisdictions').selectAll().where('id', '=', 'j1').executeTakeFirstOrThrow();
    expect(back).toStrictEqual(row);
    expect(back.min_lon).toBe(121.4737123456789);
    expect(back.center_lat).toBe(0.30000000000000004);
    expect(typeof back.depth).toBe('number');
    expect(back.parent_id).toBeNull();
    expect(back.geometry).toBe(row.geometry);
    expect(await geoStore.getGeometry(t.database.db, 'j1')).toEqual(JSON.parse(row.geometry));
    // And through the store's mapping, which is what the service reads.
    const [summary] = await geoStore.listJurisdictions(t.database.db);
    expect(summary).toEqual({
      id: 'j1',
      code: 'c1',
      name: NAME,
      level: 'city',
      parentId: null,
      path: '/j1/',
      depth: 0,
      bbox: [LON, LAT, LON + TINY, LAT + TINY],
      center: [-LON, TINY],
    });
    expect(await geoStore.countJurisdictions(t.database.db)).toBe(1);
  });

  it('nullable epoch-ms columns hold NULL and large values, and JSON role lists survive', async () => {
    await geoStore.insertJurisdictions(t.database.db, [jurisdiction('j1', 'c1', 1, null)]);
    const created = Date.UTC(2026, 10, 27, 2, 0, 0, 1);
    await dirStore.insertUser(t.database.db, {
      id: 'u1',
      username: 'zhang.wei',
      display_name: '张伟',
      password_hash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==',
      roles: JSON.stringify(['dispatcher', 'shift_lead']),
      jurisdiction_id: 'j1',
      unit_id: null,
      disabled: 0,
      failures: 0,
      last_failure_at: null,
      locked_until: null,
      password_changed_at: created,
      created_at: created,
    });
    const row = await dirStore.userRowByUsername(t.database.db, 'zhang.wei');
    expect(row).toMatchObject({
      display_name: '张伟',
      unit_id: null,
      last_failure_at: null,
      locked_until: null,
      disabled: 0,
      failures: 0,
      created_at: created,
    });
    expect(row?.roles).toBe('["dispatcher","shift_lead"]');
    expect(dirStore.toUser(row!)).toMatchObject({
      roles: ['dispatcher', 'shift_lead'],
      disabled: false,
      createdAt: created,
      passwordChangedAt: created,
    });

    const expiresAt = Date.UTC(2027, 0, 1);
    await sessionStore.insertToken(t.database.db, {
      id: 't1',
      name: '传感器网关',
      token_hash: 'h',
      user_id: 'u1',
      created_at: created,
      expires_at: null,
      revoked_at: null,
      last_used_at: null,
    });
    await sessionStore.insertToken(t.database.db, {
      id: 't2',
      name: 'expiring',
      token_hash: 'h2',
      user_id: 'u1',
      created_at: created,
      expires_at: expiresAt,
      revoked_at: null,
      last_used_at: null,
    });
    expect(await sessionStore.tokenById(t.database.db, 't1')).toStrictEqual({
      id: 't1',
      name: '传感器网关',
      token_hash: 'h',
      user_id: 'u1',
      created_at: created,
      expires_at: null,
      revoked_at: null,
      last_used_at: null,
    });
    const t2 = await sessionStore.tokenByHash(t.database.db, 'h2');
    expect(t2?.expires_at).toBe(expiresAt);
    expect(typeof t2?.expires_at).toBe('number');
  });

  it('meta holds JSON text and unicode, and setMeta replaces', async () => {
    const json = JSON.stringify({ loadedAt: Date.UTC(2026, 10, 27), city: '上海', nested: [1.5, null, true] });
    await setMeta(t.database.db, 'demo', json);
    expect(await getMeta(t.database.db, 'demo')).toBe(json);
    await setMeta(t.database.db, 'demo', '已加载');
    expect(await getMeta(t.database.db, 'demo')).toBe('已加载');
    expect(await getMeta(t.database.db, 'missing')).toBeUndefined();
    const rows = await t.database.db.selectFrom('meta').selectAll().execute();
    expect(rows).toEqual([{ key: 'demo', value: '已加载' }]);
  });

  it('counts are numbers', async () => {
    await geoStore.insertJurisdictions(t.database.db, [jurisdiction('j1', 'c1', 1, null), jurisdiction('j2', 'c2', 2, 'j1')]);
    const n = await geoStore.countJurisdictions(t.database.db);
    expect(n).toBe(2);
    expect(typeof n).toBe('number');
  });
});
