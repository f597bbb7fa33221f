/**
 * What an attachment may be: photos only (JPEG, PNG, WebP, GIF), recognised by their first
 * bytes rather than by the name or the type the client claims, and no larger than a limit.
 * Pure.
 */
import type { AttachmentRef } from './case-types.ts';

/** The image types accepted. */
export type ImageMediaType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif';

/** Where the content lives: a file under the data directory (by hash), or the row itself. */
export type AttachmentStorage = 'disk' | 'db';

/** Default size limit (bytes): a phone photo is a few MB. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** An attachment as stored. */
export interface StoredAttachment extends AttachmentRef {
  /** Null until attached to a case (uploads come before the case or the command that cites them). */
  caseId: string | null;
  /** Hex SHA-256 of the content. */
  sha256: string;
  storage: AttachmentStorage;
  uploadedBy: string;
  createdAt: number;
}

/** Why an upload is refused; `field` names the input (for the problem document). */
export interface AttachmentProblem {
  field: string;
  code: 'ATTACHMENT_EMPTY' | 'ATTACHMENT_TOO_LARGE' | 'ATTACHMENT_TYPE';
  message: string;
}

const EXTENSIONS: Record<ImageMediaType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };

function startsWith(bytes: Uint8Array, at: number, magic: readonly number[]): boolean {
  return bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/**
 * The image type the content starts like, or null.
 * @example detectImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])) // 'image/jpeg'
 */
export function detectImageType(bytes: Uint8Array): ImageMediaType | null {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, 0, ascii('GIF87a')) || startsWith(bytes, 0, ascii('GIF89a'))) return 'image/gif';
  // RIFF container: 'RIFF', 4 bytes of length, then the form type.
  if (startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP'))) return 'image/webp';
  return null;
}

/**
 * Checks an upload: not empty, within the size limit, an accepted image type.
 * @returns the detected media type (store it, not the client's claim), or the problem.
 * @example checkAttachment(bytes, { field: 'photo' }) // { mediaType: 'image/png' } | { problem: … }
 */
export function checkAttachment(
  bytes: Uint8Array,
  options: { maxBytes?: number; field?: string } = {},
): { mediaType: ImageMediaType } | { problem: AttachmentProblem } {
  const field = options.field ?? 'file';
  const max = options.maxBytes ?? MAX_ATTACHMENT_BYTES;
  if (bytes.length === 0) return { problem: { field, code: 'ATTACHMENT_EMPTY', message: 'the file is empty' } };
  if (bytes.length > max)
    return { problem: { field, code: 'ATTACHMENT_TOO_LARGE', message: `the file has ${bytes.length} bytes; at most ${max} are accepted` } };
  const mediaType = detectImageType(bytes);
  if (!mediaType) return { problem: { field, code: 'ATTACHMENT_TYPE', message: 'only JPEG, PNG, WebP and GIF images are accepted' } };
  return { mediaType };
}

/**
 * A display name safe to store and to send back in a Content-Disposition header: the last path
 * segment, without control characters, at most 120 characters; `photo.<ext>` when nothing is left.
 * @example attachmentName('C:\\fakepath\\井盖.jpg', 'image/jpeg') // '井盖.jpg'
 */
export function attachmentName(name: string, mediaType: ImageMediaType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim();
  const cut = Array.from(base).slice(0, 120).join('');
  return cut === '' || cut === '.' || cut === '..' ? `photo.${EXTENSIONS[mediaType]}` : cut;
}
