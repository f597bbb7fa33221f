/**
 * The registry's SQL for base records. Only the registry's services call it. Lists walk the
 * (kind, path, id) index: a subtree is one byte-wise range of paths, and pages follow the id.
 */
import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { RegistryRecordTable } from '../platform/db/schema-registry.ts';
import type { RecordKind } from './classification.ts';

/** A connection or a transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;

const CHUNK = 200;

/**
 * Paths under `prefix` as a range. Paths are `/id/…/` of ASCII ids and end with `/`, so the
 * range ends just before the prefix with its last `/` replaced by `0`, the next character.
 */
export function under(column: 'jurisdiction_path' | 'scope_path', prefix: string): Expression<SqlBool> {
  if (prefix === '' || prefix === '/') return sql<boolean>`1 = 1`;
  const end = `${prefix.slice(0, -1)}0`;
  return sql<boolean>`(${sql.ref(column)} >= ${prefix} and ${sql.ref(column)} < ${end})`;
}

/** Escapes LIKE wildcards so text matches literally (with `escape '\'`). */
function likeText(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One record by id. */
export async function getRecord(db: Executor, id: string): Promise<RegistryRecordTable | undefined> {
  return db.selectFrom('registry_records').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One record by its natural key, given as every form it may be stored in (a person's ID hash under each data key). */
export async function findByNaturalKey(db: Executor, kind: RecordKind, keys: readonly string[]): Promise<RegistryRecordTable | undefined> {
  return db.selectFrom('registry_records').selectAll().where('kind', '=', kind).where('natural_key', 'in', keys).executeTakeFirst();
}

/** Ids and paths of the records with these natural keys. */
export async function idsByNaturalKeys(
  db: Executor,
  kind: RecordKind,
  keys: readonly string[],
): Promise<Map<string, { id: string; path: string }>> {
  const out = new Map<string, { id: string; path: string }>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db
      .selectFrom('registry_records')
      .select(['id', 'natural_key', 'jurisdiction_path'])
      .where('kind', '=', kind)
      .where('natural_key', 'in', keys.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.natural_key, { id: r.id, path: r.jurisdiction_path });
  }
  return out;
}

/** Stores a new record. */
export async function insertRecord(db: Executor, row: RegistryRecordTable): Promise<void> {
  await db.insertInto('registry_records').values(row).execute();
}

/** Stores many new records, a few hundred per statement (the demo population). */
export async function insertRecords(db: Executor, rows: readonly RegistryRecordTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('registry_records')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

/** Replaces a record's content; its id, kind and creation time stay. */
export async function updateRecord(db: Executor, row: RegistryRecordTable): Promise<void> {
  const { id, kind: _kind, created_at: _created, ...rest } = row;
  await db.updateTable('registry_records').set(rest).where('id', '=', id).execute();
}

/** What a list may filter on. */
export interface RecordFilter {
  kind: RecordKind;
  /** Only records under this path (the caller's scope, or a narrower jurisdiction in it). */
  scopePath: string;
  communityId?: string;
  tag?: string;
  /** Lower-cased text to find in public fields. */
  q?: string;
  /** Only these records (a records-scope grant). */
  ids?: readonly string[];
  /** Ids after this one (the cursor). */
  afterId?: string;
  limit: number;
}

/** Records matching the filter, in id order. */
export async function listRecords(db: Executor, f: RecordFilter): Promise<RegistryRecordTable[]> {
  let q = db.selectFrom('registry_records').selectAll().where('kind', '=', f.kind).where(under('jurisdiction_path', f.scopePath));
  if (f.communityId !== undefined) q = q.where('community_id', '=', f.communityId);
  if (f.tag !== undefined) q = q.where(sql<boolean>`tags like ${`%|${likeText(f.tag)}|%`} escape '\\'`);
  if (f.q !== undefined) q = q.where(sql<boolean>`search like ${`%${likeText(f.q)}%`} escape '\\'`);
  if (f.ids !== undefined) q = q.where('id', 'in', f.ids.length > 0 ? [...f.ids] : ['']);
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  return q.orderBy('id').limit(f.limit).execute();
}

/** Paths of the records of a kind with these ids (missing ids are absent). */
export async function pathsOf(db: Executor, kind: RecordKind, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('registry_records')
      .select(['id', 'jurisdiction_path'])
      .where('kind', '=', kind)
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.id, r.jurisdiction_path);
  }
  return out;
}

/** A record's sealed part and natural key, as `reseal` reads them. */
export interface SealedRow {
  id: string;
  kind: string;
  natural_key: string;
  sealed_fields: string;
}

/** Records with sealed fields under another key than `keyId`, in id order after `afterId`. */
export async function sealedUnderOtherKeys(db: Executor, keyId: string, afterId: string, limit: number): Promise<SealedRow[]> {
  return db
    .selectFrom('registry_records')
    .select(['id', 'kind', 'natural_key', 'sealed_fields'])
    .where('sealed_fields', '!=', '')
    .where('sealed_fields', 'not like', `v1.${keyId}.%`)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Rewrites a record's seal and natural key if its seal is still `before` (a writer may have been first); whether it did. */
export async function replaceSeal(db: Executor, row: SealedRow, before: string): Promise<boolean> {
  const r = await db
    .updateTable('registry_records')
    .set({ sealed_fields: row.sealed_fields, natural_key: row.natural_key })
    .where('id', '=', row.id)
    .where('sealed_fields', '=', before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** How many records still have fields sealed under another key than `keyId`. */
export async function countSealedUnderOtherKeys(db: Executor, keyId: string): Promise<number> {
  const r = await db
    .selectFrom('registry_records')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('sealed_fields', '!=', '')
    .where('sealed_fields', 'not like', `v1.${keyId}.%`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
