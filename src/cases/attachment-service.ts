/**
 * Photos of cases (现场照片): uploaded first, then cited by id in a report or a command, which
 * binds them to the case in the same transaction. The type is taken from the bytes, not from
 * the client's claim; size and type are checked before anything is written.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { Actor } from './case-types.ts';
import { attachmentName, checkAttachment, type StoredAttachment } from './attachment-model.ts';
import * as attachments from './attachment-store.ts';
import * as store from './store.ts';

/**
 * Binds cited uploads to a case inside the caller's transaction; refuses ids that are unknown or
 * already belong to another case (422 `ATTACHMENT_UNKNOWN`), so nothing is half-bound.
 */
export async function bindAttachments(trx: Kysely<DB>, ids: readonly string[] | undefined, caseId: string): Promise<void> {
  if (!ids || ids.length === 0) return;
  const unique = [...new Set(ids)];
  const bound = await attachments.attachToCase(trx, unique, caseId);
  if (bound < unique.length)
    throw new AppError(422, 'ATTACHMENT_UNKNOWN', 'attachments: an id is unknown or belongs to another case', [
      { field: 'attachments', message: 'unknown or belongs to another case' },
    ]);
}

/**
 * Creates the upload and download use-cases.
 * @example const photos = createAttachmentService({ db, dataDir, clock }); await photos.upload(bytes, 'a.jpg', actor);
 */
export function createAttachmentService(deps: { db: Kysely<DB>; dataDir: string; clock: Clock }) {
  return {
    /** Stores an upload on disk under the data dir; 413/415-like problems come back as 422 with the field. */
    async upload(bytes: Buffer, name: string, actor: Actor): Promise<StoredAttachment> {
      const checked = checkAttachment(bytes, { field: 'body' });
      if ('problem' in checked) {
        const { code, field, message } = checked.problem;
        throw new AppError(code === 'ATTACHMENT_TOO_LARGE' ? 413 : code === 'ATTACHMENT_TYPE' ? 415 : 422, code, message, [
          { field, message },
        ]);
      }
      return attachments.saveAttachment(deps.db, deps.dataDir, {
        bytes,
        name: attachmentName(name, checked.mediaType),
        mediaType: checked.mediaType,
        uploadedBy: actor.id,
        storage: 'disk',
        now: deps.clock.now(),
      });
    },
    /** An attachment the caller may see: of a case in their scope, or their own unbound upload. */
    async download(id: string, actor: Actor): Promise<{ ref: StoredAttachment; bytes: Buffer }> {
      const found = await attachments.getAttachment(deps.db, deps.dataDir, id);
      if (!found) throw notFound('attachment', 'ATTACHMENT_NOT_FOUND');
      const { ref } = found;
      if (ref.caseId === null) {
        if (ref.uploadedBy !== actor.id) throw notFound('attachment', 'ATTACHMENT_NOT_FOUND');
        return found;
      }
      const c = await store.getCase(deps.db, ref.caseId);
      if (!c || !c.jurisdictionPath.startsWith(actor.scopePath)) throw notFound('attachment', 'ATTACHMENT_NOT_FOUND');
      return found;
    },
    /** The photos of a case (without content). */
    listForCase: (caseId: string) => attachments.listCaseAttachments(deps.db, caseId),
  };
}
