/**
 * Verifying the audit chain, pure: fed the stored entries in `seq` order (in pages, so a log of
 * millions is never held at once), it recomputes every hash and link and stops at the first
 * entry that does not hold. What it reports tells an altered row (its content no longer gives
 * its hash), a missing row (a gap in `seq`, or the table ending before the head) and a relinked
 * row (its hash is consistent but it does not chain from the entry before it — someone rewrote a
 * row together with its hash, or inserted one).
 */
import { EMPTY_HEAD, entryHash, type AuditEntry, type ChainHead } from './chain-model.ts';

/** How an entry fails verification. */
export type BreakKind = 'altered' | 'missing' | 'relinked';

/** The first entry that does not verify. */
export interface ChainBreak {
  kind: BreakKind;
  /** Seq of the broken entry; for `missing`, the first seq absent. */
  seq: number;
  /** Id of the broken entry; null when it is missing. */
  id: string | null;
  /**
   * `altered`: the hash its stored content gives. `missing`/`relinked`: the previous entry's
   * hash, which the entry at `seq` should chain from (for a missing tail: the head's hash).
   */
  expectedHash: string;
  /** `altered`: the stored hash. `missing`/`relinked`: the stored `prev_hash` of the entry found there (null if none). */
  storedHash: string | null;
  /** For `missing`: the entry found after the gap (null when the table ends early). */
  found: { seq: number; id: string } | null;
  /** One line for people. */
  message: string;
}

/** Where a verification stands between pages. */
export interface VerifyState {
  /** The last entry checked (or the genesis), which the next must chain from. */
  last: ChainHead;
  checked: number;
  broken: ChainBreak | null;
}

/** Before the first entry. */
export const VERIFY_START: VerifyState = { last: EMPTY_HEAD, checked: 0, broken: null };

/**
 * Checks the next entries (in seq order, continuing from `state`); stops at the first break.
 * @example let s = VERIFY_START; for (const page of pages) { s = verifyEntries(s, page); if (s.broken) break; }
 */
export function verifyEntries(state: VerifyState, entries: readonly AuditEntry[]): VerifyState {
  if (state.broken) return state;
  let { last, checked } = state;
  for (const e of entries) {
    const broken = checkEntry(last, e);
    if (broken) return { last, checked, broken };
    last = { seq: e.seq, hash: e.hash };
    checked++;
  }
  return { last, checked, broken: null };
}

function checkEntry(last: ChainHead, e: AuditEntry): ChainBreak | null {
  const expectedSeq = last.seq + 1;
  if (e.seq > expectedSeq) {
    const gap = e.seq === expectedSeq + 1 ? `entry ${expectedSeq} is missing` : `entries ${expectedSeq}–${e.seq - 1} are missing`;
    return {
      kind: 'missing',
      seq: expectedSeq,
      id: null,
      expectedHash: last.hash,
      storedHash: e.prevHash,
      found: { seq: e.seq, id: e.id },
      message: `${gap} (the next entry found is ${e.seq}, ${e.id})`,
    };
  }
  if (e.seq < expectedSeq) throw new Error(`audit verify: entries out of order (${e.seq} after ${last.seq})`);
  const recomputed = entryHash(e);
  if (recomputed !== e.hash)
    return {
      kind: 'altered',
      seq: e.seq,
      id: e.id,
      expectedHash: recomputed,
      storedHash: e.hash,
      found: null,
      message: `entry ${e.seq} (${e.id}) was altered: its content hashes to ${recomputed}, stored ${e.hash}`,
    };
  if (e.prevHash !== last.hash)
    return {
      kind: 'relinked',
      seq: e.seq,
      id: e.id,
      expectedHash: last.hash,
      storedHash: e.prevHash,
      found: null,
      message: `entry ${e.seq} (${e.id}) does not chain from entry ${last.seq}: prev_hash ${e.prevHash}, expected ${last.hash}`,
    };
  return null;
}

/**
 * Ends a verification at the head recorded when it began: the entries checked must reach it and
 * end with its hash, which catches the deletion of the last entries.
 * @example const final = verifyEnd(verifyEntries(VERIFY_START, all), head);
 */
export function verifyEnd(state: VerifyState, head: ChainHead): VerifyState {
  if (state.broken) return state;
  const { last } = state;
  if (last.seq < head.seq) {
    const seq = last.seq + 1;
    const what = seq === head.seq ? `entry ${seq} is missing` : `entries ${seq}–${head.seq} are missing`;
    return {
      ...state,
      broken: {
        kind: 'missing',
        seq,
        id: null,
        expectedHash: head.hash,
        storedHash: last.seq === 0 ? null : last.hash,
        found: null,
        message: `${what}: the log ends at ${last.seq} but its head is ${head.seq}`,
      },
    };
  }
  if (last.seq === head.seq && last.hash !== head.hash)
    return {
      ...state,
      broken: {
        kind: 'relinked',
        seq: last.seq,
        id: null,
        expectedHash: head.hash,
        storedHash: last.hash,
        found: null,
        message: `the last entry ${last.seq} hashes to ${last.hash}, but the head recorded ${head.hash}`,
      },
    };
  return state;
}
