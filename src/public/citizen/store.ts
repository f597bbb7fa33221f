/**
 * The citizen core's SQL: submissions by id, token hash and case; the moderation queue; the
 * nearby search; decisions and ratings as conditional updates (a second decision or rating
 * changes nothing). Only the citizen service calls it.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { CitizenSubmissionTable } from '../../platform/db/schema-citizen.ts';
import type { Crs } from '../../geo/crs.ts';
import type { CitizenChannel, SubmissionState } from './model.ts';
import type { SubmissionRecord } from './record-model.ts';

type Executor = Kysely<DB> | Transaction<DB>;

function fromRow(r: Selectable<CitizenSubmissionTable>): SubmissionRecord {
  const held = r.contact_name !== null || r.contact_phone !== null || r.contact_email !== null;
  return {
    id: r.id,
    tokenHash: r.token_hash,
    channel: r.channel as CitizenChannel,
    clientId: r.client_id,
    state: r.state as SubmissionState,
    reason: r.reason,
    flags: JSON.parse(r.flags) as string[],
    category: r.category,
    description: r.description,
    lon: r.lon,
    lat: r.lat,
    crs: r.crs as Crs,
    wgsLon: r.wgs_lon,
    wgsLat: r.wgs_lat,
    address: r.address,
    contact: held ? { name: r.contact_name, phone: r.contact_phone, email: r.contact_email } : null,
    photos: JSON.parse(r.photos) as string[],
    mediaUrl: r.media_url,
    attributes: JSON.parse(r.attributes) as Record<string, string | string[]>,
    externalRef: r.external_ref,
    jurisdictionPath: r.jurisdiction_path,
    caseId: r.case_id,
    caseCode: r.case_code,
    duplicateOf: r.duplicate_of,
    createdAt: Number(r.created_at),
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    decidedBy: r.decided_by,
    rating: r.rating === null ? null : Number(r.rating),
    ratingComment: r.rating_comment,
    ratedAt: r.rated_at === null ? null : Number(r.rated_at),
  };
}

/** Stores a new submission. */
export async function insertSubmission(db: Executor, s: SubmissionRecord): Promise<void> {
  await db
    .insertInto('citizen_submissions')
    .values({
      id: s.id,
      token_hash: s.tokenHash,
      channel: s.channel,
      client_id: s.clientId,
      state: s.state,
      reason: s.reason,
      flags: JSON.stringify(s.flags),
      category: s.category,
      description: s.description,
      lon: s.lon,
      lat: s.lat,
      crs: s.crs,
      wgs_lon: s.wgsLon,
      wgs_lat: s.wgsLat,
      address: s.address,
      contact_name: s.contact?.name ?? null,
      contact_phone: s.contact?.phone ?? null,
      contact_email: s.contact?.email ?? null,
      photos: JSON.stringify(s.photos),
      media_url: s.mediaUrl,
      attributes: JSON.stringify(s.attributes),
      external_ref: s.externalRef,
      jurisdiction_path: s.jurisdictionPath,
      case_id: s.caseId,
      case_code: s.caseCode,
      duplicate_of: s.duplicateOf,
      created_at: s.createdAt,
      decided_at: s.decidedAt,
      decided_by: s.decidedBy,
      rating: s.rating,
      rating_comment: s.ratingComment,
      rated_at: s.ratedAt,
    })
    .execute();
}

/** One submission by id. */
export async function getById(db: Executor, id: string): Promise<SubmissionRecord | undefined> {
  const r = await db.selectFrom('citizen_submissions').selectAll().where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

/** One submission by its token's hash. */
export async function getByTokenHash(db: Executor, hash: string): Promise<SubmissionRecord | undefined> {
  const r = await db.selectFrom('citizen_submissions').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  return r && fromRow(r);
}

/** The (first) submission that became this case. */
export async function getByCase(db: Executor, caseId: string): Promise<SubmissionRecord | undefined> {
  const r = await db
    .selectFrom('citizen_submissions')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return r && fromRow(r);
}

/** Submissions by case ids (for lists). */
export async function listByCases(db: Executor, caseIds: readonly string[]): Promise<SubmissionRecord[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('citizen_submissions')
    .selectAll()
    .where('case_id', 'in', [...caseIds])
    .execute();
  return rows.map(fromRow);
}

/** Submissions in a state inside a jurisdiction subtree, oldest first (the moderation queue). */
export async function listByState(db: Executor, state: SubmissionState, scopePath: string, limit: number): Promise<SubmissionRecord[]> {
  const rows = await db
    .selectFrom('citizen_submissions')
    .selectAll()
    .where('state', '=', state)
    .where('jurisdiction_path', '>=', scopePath)
    .where('jurisdiction_path', '<', `${scopePath.slice(0, -1)}0`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(fromRow);
}

/** Held submissions received before `before`, oldest first (for the expiry of unmoderated ones). */
export async function heldBefore(db: Executor, before: number, limit: number): Promise<SubmissionRecord[]> {
  const rows = await db
    .selectFrom('citizen_submissions')
    .selectAll()
    .where('state', '=', 'held')
    .where('created_at', '<', before)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(fromRow);
}

/** Accepted submissions with a case inside a box, reported at or after `since`, newest first. */
export async function listNear(
  db: Executor,
  q: { minLon: number; maxLon: number; minLat: number; maxLat: number; since: number; category?: string; limit: number },
): Promise<SubmissionRecord[]> {
  let s = db
    .selectFrom('citizen_submissions')
    .selectAll()
    .where('wgs_lat', '>=', q.minLat)
    .where('wgs_lat', '<=', q.maxLat)
    .where('wgs_lon', '>=', q.minLon)
    .where('wgs_lon', '<=', q.maxLon)
    .where('state', '=', 'accepted')
    .where('created_at', '>=', q.since);
  if (q.category) s = s.where('category', '=', q.category);
  const rows = await s.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map(fromRow);
}

/**
 * Records a moderator's decision on a held submission and forgets the contact; false when it
 * was no longer held (decided by someone else meanwhile).
 */
export async function decide(
  db: Executor,
  id: string,
  d: {
    state: 'accepted' | 'rejected';
    reason: string | null;
    by: string;
    at: number;
    caseId: string | null;
    caseCode: string | null;
    duplicateOf: string | null;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('citizen_submissions')
    .set({
      state: d.state,
      reason: d.reason,
      decided_by: d.by,
      decided_at: d.at,
      case_id: d.caseId,
      case_code: d.caseCode,
      duplicate_of: d.duplicateOf,
      contact_name: null,
      contact_phone: null,
      contact_email: null,
    })
    .where('id', '=', id)
    .where('state', '=', 'held')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Stores the rating once; false when already rated. */
export async function rate(db: Executor, id: string, r: { score: number; comment: string | null; at: number }): Promise<boolean> {
  const res = await db
    .updateTable('citizen_submissions')
    .set({ rating: r.score, rating_comment: r.comment, rated_at: r.at })
    .where('id', '=', id)
    .where('rating', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
