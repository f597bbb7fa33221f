/**
 * The pure chain and its verification: any run of entries chained verifies; changing any one
 * column of any one entry is reported as that entry (altered, or relinked when its hash was
 * recomputed too); removing an entry is reported as its seq missing; cutting the tail shows
 * against the head.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chain, EMPTY_HEAD, entryHash, GENESIS_HASH, toUnchained, type AuditEntry } from './chain-model.ts';
import { VERIFY_START, verifyEnd, verifyEntries } from './verify-model.ts';
import type { AuditInput } from './model.ts';

const input = (i: number): AuditInput => ({
  actor: i % 3 === 0 ? { kind: 'system', name: 'scheduler' } : { kind: 'user', userId: `u${i}`, username: `user${i}` },
  action: 'registry.read',
  subject: { kind: 'person', id: `p${i}`, path: i % 4 === 0 ? null : '/c/d/' },
  purpose: i % 2 ? 'welfare_visit' : null,
  detail: { n: i },
});

function build(n: number): { entries: AuditEntry[]; head: { seq: number; hash: string } } {
  return chain(
    EMPTY_HEAD,
    Array.from({ length: n }, (_, i) => toUnchained(input(i), `id-${i}`, 1_000 + i)),
  );
}

/** Verifies in pages of `page`, then against the head. */
function verifyAll(entries: readonly AuditEntry[], head: { seq: number; hash: string }, page = 7) {
  let s = VERIFY_START;
  for (let i = 0; i < entries.length && !s.broken; i += page) s = verifyEntries(s, entries.slice(i, i + page));
  return verifyEnd(s, head);
}

/** Columns a tamperer could change, each to some other value of its type. */
const TAMPER: Array<(e: AuditEntry) => AuditEntry> = [
  (e) => ({ ...e, detail: '{"n":-1}' }),
  (e) => ({ ...e, at: e.at + 1 }),
  (e) => ({ ...e, actorName: `${e.actorName}x` }),
  (e) => ({ ...e, actorId: e.actorId === null ? 'someone' : null }),
  (e) => ({ ...e, action: 'registry.export' }),
  (e) => ({ ...e, subjectId: 'p-other' }),
  (e) => ({ ...e, subjectPath: e.subjectPath === null ? '/c/' : null }),
  (e) => ({ ...e, purpose: 'bulk_export' }),
  (e) => ({ ...e, grantId: 'g-forged' }),
  (e) => ({ ...e, outcome: 'denied' }),
  (e) => ({ ...e, dedupeKey: 'k' }),
  (e) => ({ ...e, id: 'id-other' }),
];

describe('audit chain verification', () => {
  it('starts from the genesis and verifies any chain, in any page size', () => {
    const { entries, head } = build(30);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    for (const page of [1, 7, 30, 100]) expect(verifyAll(entries, head, page)).toMatchObject({ checked: 30, broken: null });
    expect(verifyEnd(VERIFY_START, EMPTY_HEAD).broken).toBeNull();
  });

  it('reports a changed column as that entry altered, or relinked if its hash was recomputed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 0, max: 24 }),
        fc.nat(TAMPER.length - 1),
        fc.boolean(),
        (n, k, t, rehash) => {
          const { entries, head } = build(n);
          const i = k % n;
          const changed = TAMPER[t]!(entries[i]!);
          entries[i] = rehash ? { ...changed, hash: entryHash(changed) } : changed;
          const r = verifyAll(entries, head);
          if (!rehash) expect(r.broken).toMatchObject({ kind: 'altered', seq: i + 1, id: changed.id, storedHash: changed.hash });
          // A recomputed hash hides the row itself; the next entry (or the head) no longer chains from it.
          else expect(r.broken).toMatchObject({ kind: 'relinked', seq: i + 2 <= n ? i + 2 : n });
          expect(r.checked).toBe(rehash ? i + 1 : i);
        },
      ),
    );
  });

  it('reports a removed entry as its seq missing, and a cut tail against the head', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 25 }), fc.nat(), (n, k) => {
        const { entries, head } = build(n);
        const i = k % n;
        const without = entries.filter((_, j) => j !== i);
        const r = verifyAll(without, head);
        expect(r.broken).toMatchObject({ kind: 'missing', seq: i + 1, id: null });
        expect(r.broken!.found).toEqual(i + 1 < n ? { seq: i + 2, id: entries[i + 1]!.id } : null);
        expect(r.checked).toBe(i);
      }),
    );
  });
});
