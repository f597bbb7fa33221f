/**
 * Citizens' photos: taken without signing in, limited per IP, stripped of their metadata (GPS
 * above all) before anything is stored, then kept by the cases module's attachment store as an
 * upload of the citizen channel, so a report citing it binds it to its case. Served publicly
 * only once bound to a report that passed moderation.
 */
import { AppError, notFound } from '../../platform/errors.ts';
import { KeyedBuckets, type BucketPolicy } from '../../platform/limits/token-bucket.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Actor } from '../../cases/case-types.ts';
import type { CasesService } from '../../cases/service.ts';
import { stripPhoto } from './photo-strip-model.ts';
import type { SubmissionRecord } from './record-model.ts';

/** Largest photo taken (bytes). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** An uploaded photo as answered. */
export interface UploadedPhoto {
  id: string;
  mediaType: string;
  bytes: number;
}

/**
 * Creates the photo use-cases.
 * @example const photos = createCitizenPhotos({ clock, attachments, actor, submissionOfCase }); await photos.upload(bytes, { ip });
 */
export function createCitizenPhotos(deps: {
  clock: Clock;
  attachments: CasesService['attachments'];
  /** The citizen channel's uploader. */
  actor: Actor;
  submissionOfCase(caseId: string): Promise<SubmissionRecord | undefined>;
  /** Photos per IP; default 30 in a burst, 30 an hour. null: no limit. */
  perIp?: BucketPolicy | null;
}) {
  const buckets = deps.perIp === null ? null : new KeyedBuckets(deps.perIp ?? { burst: 30, perMinute: 0.5 });
  return {
    /** Strips and stores a photo; 413 over 5 MB, 415 not JPEG/PNG/WebP, 429 per IP. */
    async upload(bytes: Buffer, meta: { ip: string }): Promise<UploadedPhoto> {
      const t = buckets?.take(meta.ip, deps.clock.now());
      if (t && !t.ok) {
        const seconds = Math.max(1, Math.ceil(t.retryAfterMs / 1000));
        throw new AppError(429, 'RATE_LIMITED', `too many photos per IP address; retry in ${seconds} s`, [], {
          'retry-after': String(seconds),
        });
      }
      if (bytes.length > MAX_PHOTO_BYTES)
        throw new AppError(413, 'PHOTO_TOO_LARGE', 'photo: at most 5 MB', [{ field: 'photo', message: 'at most 5 MB' }]);
      const stripped = stripPhoto(bytes);
      if (!stripped.ok) throw new AppError(415, 'PHOTO_TYPE', `photo: ${stripped.reason}`, [{ field: 'photo', message: stripped.reason }]);
      const ext = stripped.mediaType.slice('image/'.length).replace('jpeg', 'jpg');
      const stored = await deps.attachments.upload(Buffer.from(stripped.bytes), `photo.${ext}`, deps.actor);
      return { id: stored.id, mediaType: stored.mediaType, bytes: stored.bytes };
    },
    /** A photo of a published report (bound, and the report passed moderation), else 404. */
    async read(id: string): Promise<{ mediaType: string; bytes: Buffer }> {
      const found = await deps.attachments.download(id, deps.actor).catch(() => undefined);
      const caseId = found?.ref.caseId;
      const sub = caseId ? await deps.submissionOfCase(caseId) : undefined;
      if (!found || !sub || sub.state !== 'accepted' || !sub.photos.includes(id)) throw notFound('photo', 'PHOTO_NOT_FOUND');
      return { mediaType: found.ref.mediaType, bytes: found.bytes };
    },
  };
}
