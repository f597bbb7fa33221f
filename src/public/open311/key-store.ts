/**
 * The Open311 api keys' SQL. Only key-service.ts calls it. Keys are found by their SHA-256.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Open311ApiKeyTable } from '../../platform/db/schema-open311.ts';

type Db = Kysely<DB>;

/** A stored api key, without its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  keyPrefix: string;
  jurisdictionId: string | null;
  jurisdictionPath: string | null;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

function fromRow(r: Selectable<Open311ApiKeyTable>): ApiKeyRecord {
  return {
    id: r.id,
    name: r.name,
    keyPrefix: r.key_prefix,
    jurisdictionId: r.jurisdiction_id,
    jurisdictionPath: r.jurisdiction_path,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  };
}

/** Stores a new key (the caller hashed it). */
export async function insertKey(db: Db, row: Open311ApiKeyTable): Promise<void> {
  await db.insertInto('open311_api_keys').values(row).execute();
}

/** The key with this name, revoked or not. */
export async function keyByName(db: Db, name: string): Promise<ApiKeyRecord | undefined> {
  const r = await db.selectFrom('open311_api_keys').selectAll().where('name', '=', name).executeTakeFirst();
  return r && fromRow(r);
}

/** The key with this id. */
export async function keyById(db: Db, id: string): Promise<ApiKeyRecord | undefined> {
  const r = await db.selectFrom('open311_api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

/** The key whose hash this is, revoked or not. */
export async function keyByHash(db: Db, hash: string): Promise<ApiKeyRecord | undefined> {
  const r = await db.selectFrom('open311_api_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst();
  return r && fromRow(r);
}

/** Every key, oldest first. */
export async function listKeys(db: Db): Promise<ApiKeyRecord[]> {
  const rows = await db.selectFrom('open311_api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(fromRow);
}

/** Marks a key revoked (once); true if it was active. */
export async function revokeKey(db: Db, id: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('open311_api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Notes the key's latest use. */
export async function touchKey(db: Db, id: string, at: number): Promise<void> {
  await db.updateTable('open311_api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}
