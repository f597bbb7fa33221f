/**
 * Moves the registry's sealed fields to the current data key after a rotation (data-key.ts):
 * every record sealed under a previous key is opened, sealed again under the current key, and a
 * person's natural key (the keyed hash of the ID number) recomputed with it. Page by page, each
 * page in one transaction; a record is rewritten only if its seal is still the one read, so the
 * platform may keep running (a record it wrote meanwhile already carries the current key, or is
 * taken by the next run). Safe to run again: it reads only what is left under other keys.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { isUniqueViolation } from '../platform/db/create-db.ts';
import type { FieldCipher } from './field-cipher.ts';
import * as store from './store.ts';

/** What a reseal did. */
export interface ResealResult {
  /** Records moved to the current key. */
  resealed: number;
  /** Records changed by someone else between the read and the write (left for the next run). */
  changedMeanwhile: number;
  /** Persons whose current-key hash another record already has (two records of one person: merge them by hand). */
  conflicts: string[];
  /** Records still sealed under other keys afterwards (0: the previous keys can be forgotten). */
  remaining: number;
}

const PAGE = 500;
const context = (id: string) => `registry:${id}`;

/** A row as it should be under the current key. */
function resealed(row: store.SealedRow, cipher: FieldCipher): store.SealedRow {
  const clear = cipher.open(row.sealed_fields, context(row.id));
  const idNumber = (JSON.parse(clear) as Record<string, unknown>).idNumber;
  return {
    ...row,
    sealed_fields: cipher.seal(clear, context(row.id)),
    natural_key: row.kind === 'person' && typeof idNumber === 'string' ? cipher.idHash(idNumber) : row.natural_key,
  };
}

/**
 * Reseals every record under a previous key; `onPage` hears the running count.
 * @example const r = await resealRecords(db, cipher); if (r.remaining === 0) …
 */
export async function resealRecords(db: Kysely<DB>, cipher: FieldCipher, onPage: (done: number) => void = () => {}): Promise<ResealResult> {
  const result: ResealResult = { resealed: 0, changedMeanwhile: 0, conflicts: [], remaining: 0 };
  const count = (ok: boolean) => void (ok ? result.resealed++ : result.changedMeanwhile++);
  let afterId = '';
  for (;;) {
    const page = await store.sealedUnderOtherKeys(db, cipher.keyId, afterId, PAGE);
    if (page.length === 0) break;
    const next = page.map((r) => ({ before: r.sealed_fields, row: resealed(r, cipher) }));
    try {
      const done = await db.transaction().execute(async (trx) => {
        const oks: boolean[] = [];
        for (const n of next) oks.push(await store.replaceSeal(trx, n.row, n.before));
        return oks;
      });
      done.forEach(count);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // One person's new hash is taken: the page again row by row, naming the ones that clash.
      for (const n of next)
        await store.replaceSeal(db, n.row, n.before).then(count, (err: unknown) => {
          if (!isUniqueViolation(err)) throw err;
          result.conflicts.push(n.row.id);
        });
    }
    afterId = page[page.length - 1]!.id;
    onPage(result.resealed);
  }
  result.remaining = await store.countSealedUnderOtherKeys(db, cipher.keyId);
  return result;
}
