/**
 * The check-in module's SQL: venues, check-ins, hourly counts, investigation reads and the
 * retention purge. Only `service.ts` calls it.
 */
import { sql, type Expression, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { VenueTable } from '../platform/db/schema-checkin.ts';
import type { CheckIn, HealthStatus, Venue, VenueKind } from './model.ts';
import type { HourCount } from './counts-model.ts';

type Db = Kysely<DB>;

const HOUR_MS = 3_600_000;

/**
 * `column` lies in the subtree `prefix` (a path ending in `/`): the byte range `[prefix, prefix
 * with its last `/` turned into `0`)`, `0` being the byte after `/`, so the index is used on
 * both dialects (paths compare byte-wise, migration 0008).
 */
function under(column: string, prefix: string): Expression<SqlBool> {
  return sql<boolean>`(${sql.ref(column)} >= ${prefix} and ${sql.ref(column)} < ${`${prefix.slice(0, -1)}0`})`;
}

function venueFromRow(r: Selectable<VenueTable>): Venue {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as VenueKind,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    jurisdictionId: r.jurisdiction_id,
    jurisdictionPath: r.jurisdiction_path,
    operatorContact: r.operator_contact,
    active: r.active === 1,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    deactivatedAt: r.deactivated_at === null ? null : Number(r.deactivated_at),
  };
}

/** Stores a new venue. */
export async function insertVenue(db: Db, v: Venue): Promise<void> {
  await db
    .insertInto('venues')
    .values({
      id: v.id,
      code: v.code,
      name: v.name,
      kind: v.kind,
      address: v.address,
      lon: v.lon,
      lat: v.lat,
      jurisdiction_id: v.jurisdictionId,
      jurisdiction_path: v.jurisdictionPath,
      operator_contact: v.operatorContact,
      active: v.active ? 1 : 0,
      created_at: v.createdAt,
      created_by: v.createdBy,
      deactivated_at: v.deactivatedAt,
    })
    .execute();
}

/** A venue by id. */
export async function getVenue(db: Db, id: string): Promise<Venue | undefined> {
  const r = await db.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirst();
  return r && venueFromRow(r);
}

/** A venue by its check-in code. */
export async function getVenueByCode(db: Db, code: string): Promise<Venue | undefined> {
  const r = await db.selectFrom('venues').selectAll().where('code', '=', code).executeTakeFirst();
  return r && venueFromRow(r);
}

/** Venues in a subtree, oldest first (ids are time-ordered), after a cursor id. */
export async function listVenues(db: Db, q: { scopePath: string; after?: string; limit: number; active?: boolean }): Promise<Venue[]> {
  let query = db.selectFrom('venues').selectAll().where(under('jurisdiction_path', q.scopePath));
  if (q.after) query = query.where('id', '>', q.after);
  if (q.active !== undefined) query = query.where('active', '=', q.active ? 1 : 0);
  const rows = await query.orderBy('id').limit(q.limit).execute();
  return rows.map(venueFromRow);
}

/** Marks a venue inactive; false when it was not active. */
export async function deactivateVenue(db: Db, id: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('venues')
    .set({ active: 0, deactivated_at: at })
    .where('id', '=', id)
    .where('active', '=', 1)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Stores check-ins in one statement. */
export async function insertCheckins(db: Db, rows: readonly CheckIn[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('checkins')
    .values(rows.map((c) => ({ id: c.id, venue_id: c.venueId, person_hash: c.personHash, checked_in_at: c.at, status: c.status })))
    .execute();
}

/** Check-ins at a venue in `[from, to)`, counted per UTC hour and status. */
export async function hourlyCounts(db: Db, venueId: string, from: number, to: number): Promise<HourCount[]> {
  const hour = sql<number>`(checked_in_at / ${sql.lit(HOUR_MS)}) * ${sql.lit(HOUR_MS)}`;
  const rows = await db
    .selectFrom('checkins')
    .select([hour.as('hour'), 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('venue_id', '=', venueId)
    .where('checked_in_at', '>=', from)
    .where('checked_in_at', '<', to)
    .groupBy([hour, 'status'])
    .execute();
  return rows.map((r) => ({ hour: Number(r.hour), status: r.status as HealthStatus, n: Number(r.n) }));
}

/** A check-in with where it happened, for investigations. */
export interface CheckInAt extends CheckIn {
  venueName: string;
  jurisdictionPath: string;
}

const CHECKIN_AT = ['c.id', 'c.venue_id', 'c.person_hash', 'c.checked_in_at', 'c.status', 'v.name', 'v.jurisdiction_path'] as const;

function checkInAtFromRow(r: {
  id: string;
  venue_id: string;
  person_hash: string;
  checked_in_at: number;
  status: string;
  name: string;
  jurisdiction_path: string;
}): CheckInAt {
  return {
    id: r.id,
    venueId: r.venue_id,
    personHash: r.person_hash,
    at: Number(r.checked_in_at),
    status: r.status as HealthStatus,
    venueName: r.name,
    jurisdictionPath: r.jurisdiction_path,
  };
}

/** Check-ins with their venue in `[from, to)`, in time order, at most `limit`; callers add the filter. */
function checkinsIn(db: Db, q: { from: number; to: number; limit: number }) {
  return db
    .selectFrom('checkins as c')
    .innerJoin('venues as v', 'v.id', 'c.venue_id')
    .select(CHECKIN_AT)
    .where('c.checked_in_at', '>=', q.from)
    .where('c.checked_in_at', '<', q.to)
    .orderBy('c.checked_in_at')
    .orderBy('c.id')
    .limit(q.limit);
}

/** Check-ins at one venue in `[from, to)`, in time order, at most `limit`. */
export async function checkinsAtVenue(db: Db, q: { venueId: string; from: number; to: number; limit: number }): Promise<CheckInAt[]> {
  const rows = await checkinsIn(db, q).where('c.venue_id', '=', q.venueId).execute();
  return rows.map(checkInAtFromRow);
}

/** One person's check-ins (by any of their hashes) at venues in a subtree in `[from, to)`, in time order, at most `limit`. */
export async function checkinsOfPerson(
  db: Db,
  q: { personHashes: readonly string[]; scopePath: string; from: number; to: number; limit: number },
): Promise<CheckInAt[]> {
  const rows = await checkinsIn(db, q)
    .where('c.person_hash', 'in', q.personHashes)
    .where(under('v.jurisdiction_path', q.scopePath))
    .execute();
  return rows.map(checkInAtFromRow);
}

/**
 * Deletes up to `limit` check-ins older than `cutoff`, oldest first; returns how many. One
 * bounded statement, so check-ins arriving meanwhile wait for a batch, never for the whole purge.
 */
export async function purgeBatch(db: Db, cutoff: number, limit: number): Promise<number> {
  const r = await db
    .deleteFrom('checkins')
    .where('id', 'in', (eb) =>
      eb.selectFrom('checkins').select('id').where('checked_in_at', '<', cutoff).orderBy('checked_in_at').limit(limit),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** How many check-ins are stored (all, or before a time); for tests and health views. */
export async function countCheckins(db: Db, before?: number): Promise<number> {
  let q = db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n'));
  if (before !== undefined) q = q.where('checked_in_at', '<', before);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}
