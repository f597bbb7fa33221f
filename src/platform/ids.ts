/** Time-ordered string ids (UUIDv7) so that ids sort by creation time. */
import { V7Generator } from 'uuidv7';
import { randomBytes, randomFillSync } from 'node:crypto';

/** 32-bit random words fetched from the system at once (4 KiB). */
const RANDOM_WORDS = 1024;

/**
 * The uuidv7 package's own source refills a buffer of 8 words through `crypto.getRandomValues`
 * every few ids; each call's overhead measured ~3 % of a case loop's CPU (a loop makes a dozen
 * ids). The same cryptographic source, fetched 4 KiB at a time.
 */
class BufferedRandom {
  private readonly words = new Uint32Array(RANDOM_WORDS);
  private next = RANDOM_WORDS;

  nextUint32(): number {
    if (this.next === RANDOM_WORDS) {
      randomFillSync(this.words);
      this.next = 0;
    }
    return this.words[this.next++]!;
  }
}

const generator = new V7Generator(new BufferedRandom());

/** A new UUIDv7 id. */
export function newId(): string {
  return generator.generate().toString();
}

/** A random URL-safe secret of `bytes` bytes (tokens, session ids, CSRF tokens). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
