/**
 * The hash chain of the audit log, pure: how an entry is flattened into its stored columns, its
 * canonical content, its hash, and the verification of a run of entries in `seq` order.
 *
 * Entry hash = SHA-256(prev_hash + canonical content), where the canonical content is a JSON
 * object of every stored column except `hash`, keys sorted, values as stored (the detail is the
 * stored JSON text itself, so re-serializing it can never change a verdict). The first entry
 * chains from {@link GENESIS_HASH}. Editing any column of an entry changes its hash; deleting an
 * entry leaves a gap in `seq`; deleting the last entries leaves the table short of the head.
 */
import { createHash } from 'node:crypto';
import type { AuditInput } from './model.ts';

/** What the first entry chains from. */
export const GENESIS_HASH = '0'.repeat(64);

/** Longest detail JSON accepted, characters: entries are small facts, never documents. */
export const MAX_DETAIL_CHARS = 8_000;

/** One stored entry, column for column (`audit_log`). */
export interface AuditEntry {
  /** Position in the chain: 1, 2, 3… without gaps. */
  seq: number;
  id: string;
  at: number;
  actorKind: 'user' | 'system' | 'anonymous';
  /** The user's id; null for the system and anonymous actors. */
  actorId: string | null;
  /** Username, system name or anonymous label. */
  actorName: string;
  action: string;
  subjectKind: string;
  subjectId: string | null;
  subjectPath: string | null;
  purpose: string | null;
  grantId: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  /** JSON text of the detail object, as stored. */
  detail: string;
  /** Idempotency key (e.g. a bus event id); an entry with a key already logged is not appended again. */
  dedupeKey: string | null;
  prevHash: string;
  hash: string;
}

/** An entry before it has a place in the chain. */
export type UnchainedEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/** Where the chain stands: the last entry's seq (0 when empty) and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The head of an empty log. */
export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/**
 * Flattens what a module reported into the stored columns (without place in the chain).
 * @example toUnchained({ actor: { kind: 'system', name: 'scheduler' }, action: 'checkin.purge', subject: { kind: 'checkins', id: null, path: null } }, id, now)
 */
export function toUnchained(input: AuditInput, id: string, now: number): UnchainedEntry {
  const a = input.actor;
  const detail = JSON.stringify(input.detail ?? {});
  if (detail.length > MAX_DETAIL_CHARS)
    throw new Error(`audit: detail of ${input.action} is ${detail.length} characters (max ${MAX_DETAIL_CHARS})`);
  return {
    id,
    at: input.at ?? now,
    actorKind: a.kind,
    actorId: a.kind === 'user' ? a.userId : null,
    actorName: a.kind === 'user' ? a.username : a.kind === 'system' ? a.name : a.label,
    action: input.action,
    subjectKind: input.subject.kind,
    subjectId: input.subject.id,
    subjectPath: input.subject.path,
    purpose: input.purpose ?? null,
    grantId: input.grantId ?? null,
    outcome: input.outcome ?? 'ok',
    detail,
    dedupeKey: input.dedupeKey ?? null,
  };
}

/**
 * The canonical content of an entry: every stored column but `hash`, by column name, sorted.
 * Built field by field (not from the object's own keys) so an extra property can never slip in.
 */
export function canonicalContent(e: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify({
    action: e.action,
    actor_id: e.actorId,
    actor_kind: e.actorKind,
    actor_name: e.actorName,
    at: e.at,
    dedupe_key: e.dedupeKey,
    detail: e.detail,
    grant_id: e.grantId,
    id: e.id,
    outcome: e.outcome,
    prev_hash: e.prevHash,
    purpose: e.purpose,
    seq: e.seq,
    subject_id: e.subjectId,
    subject_kind: e.subjectKind,
    subject_path: e.subjectPath,
  });
}

/** SHA-256 (hex) of the previous hash followed by the entry's canonical content. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(e.prevHash).update(canonicalContent(e)).digest('hex');
}

/**
 * Places entries after `head`: numbers them, links and hashes them. Returns the entries and the new head.
 * @example const { entries, head } = chain(EMPTY_HEAD, [toUnchained(input, newId(), now)]);
 */
export function chain(head: ChainHead, unchained: readonly UnchainedEntry[]): { entries: AuditEntry[]; head: ChainHead } {
  let { seq, hash } = head;
  const entries = unchained.map((u): AuditEntry => {
    const linked = { ...u, seq: ++seq, prevHash: hash };
    hash = entryHash(linked);
    return { ...linked, hash };
  });
  return { entries, head: { seq, hash } };
}
