/** Time-ordered string ids (UUIDv7) so that ids sort by creation time. */
import { uuidv7 } from 'uuidv7';
import { randomBytes } from 'node:crypto';

/** A new UUIDv7 id. */
export function newId(): string {
  return uuidv7();
}

/** A random URL-safe secret of `bytes` bytes (tokens, session ids, CSRF tokens). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
