/** SQL for jurisdictions. The only place that touches the `jurisdictions` table. */
import type { Kysely, Transaction } from 'kysely';
import type { DB, JurisdictionTable } from '../platform/db/schema.ts';
import type { MultiPolygon, Polygon } from './geojson.ts';
import type { Jurisdiction, JurisdictionLevel } from './model.ts';

type Executor = Kysely<DB> | Transaction<DB>;

const SUMMARY_COLUMNS = [
  'id',
  'code',
  'name',
  'level',
  'parent_id',
  'path',
  'depth',
  'min_lon',
  'min_lat',
  'max_lon',
  'max_lat',
  'center_lon',
  'center_lat',
] as const;

type SummaryRow = Pick<JurisdictionTable, (typeof SUMMARY_COLUMNS)[number]>;

function toJurisdiction(r: SummaryRow): Jurisdiction {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    level: r.level as JurisdictionLevel,
    parentId: r.parent_id,
    path: r.path,
    depth: r.depth,
    bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
    center: [r.center_lon, r.center_lat],
  };
}

/** Inserts rows in batches (parents must come before children). */
export async function insertJurisdictions(db: Executor, rows: JurisdictionTable[]): Promise<void> {
  // 15 columns × 400 rows stays under SQLite's and PostgreSQL's bind-parameter limits.
  for (let i = 0; i < rows.length; i += 400) {
    await db
      .insertInto('jurisdictions')
      .values(rows.slice(i, i + 400))
      .execute();
  }
}

/** Every jurisdiction without geometry, top levels first. */
export async function listJurisdictions(db: Executor): Promise<Jurisdiction[]> {
  const rows = await db.selectFrom('jurisdictions').select(SUMMARY_COLUMNS).orderBy('depth').orderBy('code').execute();
  return rows.map(toJurisdiction);
}

/** Every jurisdiction with its geometry, for building the locate index. */
export async function listWithGeometry(db: Executor): Promise<Array<Jurisdiction & { geometry: Polygon | MultiPolygon }>> {
  const rows = await db
    .selectFrom('jurisdictions')
    .select([...SUMMARY_COLUMNS, 'geometry'])
    .orderBy('depth')
    .execute();
  return rows.map((r) => ({ ...toJurisdiction(r), geometry: JSON.parse(r.geometry) as Polygon | MultiPolygon }));
}

/** The geometry of one jurisdiction, or undefined. */
export async function getGeometry(db: Executor, id: string): Promise<Polygon | MultiPolygon | undefined> {
  const row = await db.selectFrom('jurisdictions').select('geometry').where('id', '=', id).executeTakeFirst();
  return row ? (JSON.parse(row.geometry) as Polygon | MultiPolygon) : undefined;
}

/** Geometries of many jurisdictions by id. */
export async function getGeometries(db: Executor, ids: readonly string[]): Promise<Map<string, Polygon | MultiPolygon>> {
  const out = new Map<string, Polygon | MultiPolygon>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('jurisdictions')
      .select(['id', 'geometry'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, JSON.parse(r.geometry) as Polygon | MultiPolygon);
  }
  return out;
}

/** Number of jurisdictions stored. */
export async function countJurisdictions(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('jurisdictions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
