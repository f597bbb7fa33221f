/**
 * What becomes of the person key a health-code app sends: stored only as HMAC-SHA256 under a
 * key from configuration (not in the database), so a stolen table cannot be joined to the app's
 * keys by hashing guesses; shown to investigators only as per-query pseudonyms, so answers to
 * separate queries cannot be joined into one person's movements.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Derives the check-in hashing key from the platform's data key (HKDF-SHA256, own label). */
export function deriveCheckinKey(dataKey: string | Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'cityops/checkin/person-key/v1', 32));
}

/**
 * The keyed hash stored for a person key (hex).
 * @example hashPersonKey(key, 'app-pseudonym-123') // '5f1c…' (64 hex digits)
 */
export function hashPersonKey(key: Buffer, personKey: string): string {
  return createHmac('sha256', key).update(personKey, 'utf8').digest('hex');
}

/**
 * A pseudonymizer for one query: the same stored hash gets the same pseudonym within the query,
 * different pseudonyms in different queries (the query's key is random and never stored).
 */
export function queryPseudonyms(): (personHash: string) => string {
  const key = randomBytes(32);
  const seen = new Map<string, string>();
  return (personHash) => {
    let p = seen.get(personHash);
    if (p === undefined) {
      p = `p-${createHmac('sha256', key).update(personHash).digest('base64url').slice(0, 16)}`;
      seen.set(personHash, p);
    }
    return p;
  };
}
