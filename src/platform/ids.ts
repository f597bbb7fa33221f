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

/** Character codes of the hex digits. */
const HEX = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
/** The 36 character codes of the id being written (reused: ids are made one at a time). */
const codes: number[] = new Array<number>(36).fill(0);

/** A new UUIDv7 id. */
export function newId(): string {
  // The package's toString appends 36 pieces one by one (a string SQLite then has to flatten);
  // one fromCharCode makes the same text flat at half the CPU.
  const bytes = generator.generate().bytes;
  let j = 0;
  for (let i = 0; i < 16; i++) {
    const b = bytes[i]!;
    codes[j++] = HEX[b >>> 4]!;
    codes[j++] = HEX[b & 15]!;
    if (i === 3 || i === 5 || i === 7 || i === 9) codes[j++] = 45; // '-'
  }
  return String.fromCharCode(...codes);
}

/** A random URL-safe secret of `bytes` bytes (tokens, session ids, CSRF tokens). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * When an id from {@link newId} was made (epoch ms, its first 48 bits), or NaN for another string.
 * @example idTime(newId()) // ≈ Date.now()
 */
export function idTime(id: string): number {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-7/.test(id) ? parseInt(id.slice(0, 8) + id.slice(9, 13), 16) : NaN;
}

/**
 * The least id {@link newId} can make at or after `ms`: every id made then or later sorts at or
 * after it, every id made before sorts before it (ids compare as text).
 * @example idFloor(Date.UTC(2026, 0, 1)) // '019b76da-a800-0000-0000-000000000000'
 */
export function idFloor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}
