/**
 * Attachments: the row in `case_attachments`, and the content either in the row (`db`) or in a
 * file named by its SHA-256 under `<dataDir>/attachments/<first two hex digits>/` (`disk`).
 * Files are written to a temporary name and renamed into place, so a crash never leaves a
 * half-written file under a content hash; one file serves every upload of the same content.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { CaseAttachmentTable } from '../platform/db/schema-cases.ts';
import { newId } from '../platform/ids.ts';
import type { AttachmentStorage, StoredAttachment } from './attachment-model.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** An upload to store (already checked with `checkAttachment`). */
export interface NewAttachment {
  bytes: Buffer;
  name: string;
  mediaType: string;
  uploadedBy: string;
  caseId?: string | null;
  storage: AttachmentStorage;
  /** Upload time (epoch ms), from the service's clock. */
  now: number;
}

/** Every column but the content. */
const REF_COLUMNS = ['id', 'case_id', 'name', 'media_type', 'bytes', 'sha256', 'storage', 'uploaded_by', 'created_at'] as const;

function toStored(r: Omit<Selectable<CaseAttachmentTable>, 'data'>): StoredAttachment {
  return {
    id: r.id,
    caseId: r.case_id,
    name: r.name,
    mediaType: r.media_type,
    bytes: r.bytes,
    sha256: r.sha256,
    storage: r.storage as AttachmentStorage,
    uploadedBy: r.uploaded_by,
    createdAt: r.created_at,
  };
}

/** The file holding content with this hash (checked, as it comes from the database). */
export function attachmentPath(dataDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`attachment: bad content hash ${JSON.stringify(sha256)}`);
  return path.join(dataDir, 'attachments', sha256.slice(0, 2), sha256);
}

async function writeOnce(file: string, bytes: Buffer): Promise<void> {
  const existing = await fs.stat(file).catch(() => null);
  if (existing?.size === bytes.length) return; // same hash and size: the same content is there already
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync(); // on disk before the name points at it
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}

/**
 * Stores an upload. The file is written before the row, so a row never names a missing file;
 * a row that is rolled back leaves an unreferenced file behind, which is harmless (a later
 * upload of the same content reuses it).
 */
export async function saveAttachment(db: Executor, dataDir: string, a: NewAttachment): Promise<StoredAttachment> {
  const sha256 = createHash('sha256').update(a.bytes).digest('hex');
  if (a.storage === 'disk') await writeOnce(attachmentPath(dataDir, sha256), a.bytes);
  const row: CaseAttachmentTable = {
    id: newId(),
    case_id: a.caseId ?? null,
    name: a.name,
    media_type: a.mediaType,
    bytes: a.bytes.length,
    sha256,
    storage: a.storage,
    data: a.storage === 'db' ? a.bytes : null,
    uploaded_by: a.uploadedBy,
    created_at: a.now,
  };
  await db.insertInto('case_attachments').values(row).execute();
  return toStored(row);
}

/** An attachment and its content; undefined when there is no such attachment. */
export async function getAttachment(
  db: Executor,
  dataDir: string,
  id: string,
): Promise<{ ref: StoredAttachment; bytes: Buffer } | undefined> {
  const r = await db.selectFrom('case_attachments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const ref = toStored(r);
  if (r.storage === 'db') {
    if (!r.data) throw new Error(`attachment ${id}: stored in the database without content`);
    return { ref, bytes: Buffer.from(r.data) };
  }
  return { ref, bytes: await fs.readFile(attachmentPath(dataDir, r.sha256)) };
}

/** Attachments by id (without content), in no particular order; unknown ids are left out. */
export async function getAttachmentRefs(db: Executor, ids: readonly string[]): Promise<StoredAttachment[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('case_attachments').select(REF_COLUMNS).where('id', 'in', ids).execute();
  return rows.map(toStored);
}

/** A case's attachments (without content), oldest first. */
export async function listCaseAttachments(db: Executor, caseId: string): Promise<StoredAttachment[]> {
  const rows = await db
    .selectFrom('case_attachments')
    .select(REF_COLUMNS)
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toStored);
}

/**
 * Attaches uploads to a case. Only unattached uploads (or ones already on this case) are
 * taken, so a command cannot pull another case's photo; returns how many of `ids` are now on
 * the case: the service refuses the command when that is fewer than it cited.
 */
export async function attachToCase(db: Executor, ids: readonly string[], caseId: string): Promise<number> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return 0;
  const r = await db
    .updateTable('case_attachments')
    .set({ case_id: caseId })
    .where('id', 'in', unique)
    .where((eb) => eb.or([eb('case_id', 'is', null), eb('case_id', '=', caseId)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
