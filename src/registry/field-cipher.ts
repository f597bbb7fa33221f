/**
 * Encryption at rest of sensitive and core fields: AES-256-GCM with a fresh random 96-bit IV for
 * every sealed value, and a context (the record's id) as additional authenticated data, so a
 * sealed value copied onto another record fails to open instead of showing wrong data. The ID
 * number is also kept as a keyed hash (HMAC-SHA256) so imports can match people without
 * decrypting. Both keys are derived (HKDF-SHA256) from the one data key in the configuration;
 * neither is ever stored in the database.
 *
 * Sealed form: `v1.<key id>.<base64url(iv | tag | ciphertext)>`. The key id (8 hex digits of a
 * hash of the derived key) says which key opens a value, so after a rotation (data-key.ts) the
 * previous keys still open what they sealed while the current key seals everything new, and a
 * platform started without the right key says so plainly.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Seals and opens field values and hashes identity numbers, with keys derived from the data keys. */
export interface FieldCipher {
  /** Short public fingerprint of the current encryption key. */
  readonly keyId: string;
  /** Fingerprints of every key that opens values here, the current one first. */
  readonly keyIds: readonly string[];
  /** Encrypts `value` with the current key, bound to `context` (e.g. `<record id>:<field>`). */
  seal(value: string, context: string): string;
  /** Decrypts a sealed value; throws when no key here sealed it, or it was bound to another context, or altered. */
  open(sealed: string, context: string): string;
  /** Whether a sealed value is under the current key (else `reseal` moves it). */
  isCurrent(sealed: string): boolean;
  /** The keyed hash of an identity number (hex) under the current key, for matching and de-duplication. */
  idHash(idNumber: string): string;
  /** Its hashes under every key, the current one first: what a record stored before a rotation may still carry. */
  idHashes(idNumber: string): string[];
}

const IV_BYTES = 12;
/** IVs are drawn from the system's random source this many at a time (one call costs ~20 µs here). */
const IV_BATCH = 256;
const TAG_BYTES = 16;

function derive(dataKey: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32));
}

/** The keys derived from one data key, and its fingerprint. */
interface Derived {
  keyId: string;
  encKey: Buffer;
  hashKey: Buffer;
}

function deriveAll(dataKey: Buffer): Derived {
  if (dataKey.length !== 32) throw new Error('the data key must be 32 bytes');
  const encKey = derive(dataKey, 'cityops registry field encryption v1');
  const hashKey = derive(dataKey, 'cityops registry id hash v1');
  return { keyId: createHash('sha256').update(encKey).digest('hex').slice(0, 8), encKey, hashKey };
}

/**
 * Creates the cipher from a 32-byte data key (and the previous keys, which only open).
 * @example const c = createFieldCipher(randomBytes(32)); c.open(c.seal('张三', 'r1:name'), 'r1:name'); // '张三'
 */
export function createFieldCipher(dataKey: Buffer, previous: readonly Buffer[] = []): FieldCipher {
  const ring = [dataKey, ...previous].map(deriveAll);
  const current = ring[0]!;
  const byId = new Map(ring.map((d) => [d.keyId, d]));
  const hmac = (d: Derived, idNumber: string) => createHmac('sha256', d.hashKey).update(idNumber, 'utf8').digest('hex');
  let ivs = Buffer.alloc(0);
  const nextIv = (): Buffer => {
    if (ivs.length < IV_BYTES) ivs = randomBytes(IV_BYTES * IV_BATCH);
    const iv = ivs.subarray(0, IV_BYTES);
    ivs = ivs.subarray(IV_BYTES);
    return iv;
  };
  return {
    keyId: current.keyId,
    keyIds: [...byId.keys()],
    seal(value, context) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', current.encKey, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return `v1.${current.keyId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed, context) {
      const [version, kid, data] = sealed.split('.');
      if (version !== 'v1' || data === undefined) throw new Error('not a sealed value');
      const key = byId.get(kid!);
      if (!key) throw new Error(`sealed with key ${kid}, but the configured data keys are ${[...byId.keys()].join(', ')}`);
      const raw = Buffer.from(data, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key.encKey, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
    isCurrent: (sealed) => sealed.startsWith(`v1.${current.keyId}.`),
    idHash: (idNumber) => hmac(current, idNumber),
    idHashes: (idNumber) => ring.map((d) => hmac(d, idNumber)),
  };
}
