/**
 * The audit module's SQL: appending a batch to the chain under the head lock, reading the chain
 * in pages for verification, and the auditors' search. Rows are only inserted, never updated or
 * deleted (only the one head row is updated).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { AuditLogTable } from '../platform/db/schema-audit.ts';
import { chain, EMPTY_HEAD, type AuditEntry, type ChainHead, type UnchainedEntry } from './chain-model.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Rows per INSERT statement: 17 parameters a row stays far below either engine's limit. */
const ROWS_PER_INSERT = 500;

/** The head as stored; seq 0 is the empty chain (its stored hash is a placeholder). */
function toHead(row: { last_seq: number; last_hash: string }): ChainHead {
  const seq = Number(row.last_seq);
  return seq === 0 ? EMPTY_HEAD : { seq, hash: row.last_hash };
}

/** Reads the head without locking it (for verification: the entries up to it are committed). */
export async function readHead(db: Executor): Promise<ChainHead> {
  const row = await db.selectFrom('audit_head').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return toHead(row);
}

/**
 * Appends entries after the head in one transaction: the head row is locked first (an UPDATE on
 * it takes the row lock on PostgreSQL and the write lock on SQLite, so appenders in any number of
 * processes queue there and the chain stays a line), entries whose dedupe key is already logged
 * (or repeated in the batch) are dropped, the rest are chained, inserted and the head moved.
 * Returns the entries stored, in chain order.
 */
export async function appendEntries(db: Kysely<DB>, unchained: readonly UnchainedEntry[]): Promise<AuditEntry[]> {
  if (unchained.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .updateTable('audit_head')
      .set((eb) => ({ last_seq: eb.ref('last_seq') }))
      .where('id', '=', 1)
      .returning(['last_seq', 'last_hash'])
      .executeTakeFirstOrThrow();
    const fresh = await withoutLogged(trx, unchained);
    if (fresh.length === 0) return [];
    const { entries, head } = chain(toHead(locked), fresh);
    for (let i = 0; i < entries.length; i += ROWS_PER_INSERT)
      await trx
        .insertInto('audit_log')
        .values(entries.slice(i, i + ROWS_PER_INSERT).map(toRow))
        .execute();
    await trx.updateTable('audit_head').set({ last_seq: head.seq, last_hash: head.hash }).where('id', '=', 1).execute();
    return entries;
  });
}

/** Which of `keys` are logged already (dedupe keys of stored entries). */
export async function loggedKeys(db: Executor, keys: readonly string[]): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < keys.length; i += ROWS_PER_INSERT) {
    const rows = await db
      .selectFrom('audit_log')
      .select('dedupe_key')
      .where('dedupe_key', 'in', keys.slice(i, i + ROWS_PER_INSERT))
      .execute();
    for (const r of rows) if (r.dedupe_key !== null) seen.add(r.dedupe_key);
  }
  return seen;
}

/** The entries whose dedupe key is neither logged already nor taken by an earlier entry of the batch. */
async function withoutLogged(trx: Transaction<DB>, unchained: readonly UnchainedEntry[]): Promise<readonly UnchainedEntry[]> {
  const keys = [...new Set(unchained.flatMap((u) => (u.dedupeKey === null ? [] : [u.dedupeKey])))];
  if (keys.length === 0) return unchained;
  const seen = await loggedKeys(trx, keys);
  return unchained.filter((u) => {
    if (u.dedupeKey === null) return true;
    if (seen.has(u.dedupeKey)) return false;
    seen.add(u.dedupeKey);
    return true;
  });
}

/** Entries after `afterSeq`, in chain order, at most `limit`. */
export async function entriesAfter(db: Executor, afterSeq: number, limit: number, uptoSeq?: number): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq);
  if (uptoSeq !== undefined) q = q.where('seq', '<=', uptoSeq);
  const rows = await q.orderBy('seq').limit(limit).execute();
  return rows.map(fromRow);
}

/** What the auditors' search filters on; every field narrows. */
export interface SearchFilter {
  /** A user id, or a username / system name / anonymous label. */
  actor?: string;
  /** An action, or a prefix ending in `.` followed by `*` (e.g. `auth.*`). */
  action?: string;
  subjectKind?: string;
  subjectId?: string;
  purpose?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Only entries whose subject path lies in this subtree; `withoutPath` also admits entries with none. */
  scopePath: string;
  withoutPath: boolean;
  /** Entries with seq below this (the cursor). */
  beforeSeq?: number;
  limit: number;
}

/** Entries matching the filter, newest (highest seq) first. */
export async function search(db: Executor, f: SearchFilter): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.actor !== undefined) {
    const actor = f.actor;
    q = q.where((eb) => eb.or([eb('actor_id', '=', actor), eb('actor_name', '=', actor)]));
  }
  if (f.action !== undefined) {
    if (f.action.endsWith('.*')) {
      const prefix = f.action.slice(0, -1);
      q = q.where('action', '>=', prefix).where('action', '<', successor(prefix));
    } else q = q.where('action', '=', f.action);
  }
  if (f.subjectKind !== undefined) q = q.where('subject_kind', '=', f.subjectKind);
  if (f.subjectId !== undefined) q = q.where('subject_id', '=', f.subjectId);
  if (f.purpose !== undefined) q = q.where('purpose', '=', f.purpose);
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<', f.to);
  if (f.beforeSeq !== undefined) q = q.where('seq', '<', f.beforeSeq);
  const lo = f.scopePath;
  const hi = successor(lo);
  q = q.where((eb) => {
    const inside = eb.and([eb('subject_path', '>=', lo), eb('subject_path', '<', hi)]);
    return f.withoutPath ? eb.or([inside, eb('subject_path', 'is', null)]) : inside;
  });
  const rows = await q.orderBy('seq', 'desc').limit(f.limit).execute();
  return rows.map(fromRow);
}

/** The smallest string above every string starting with `prefix` (byte-wise). */
function successor(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function toRow(e: AuditEntry): AuditLogTable {
  return {
    seq: e.seq,
    id: e.id,
    at: e.at,
    actor_kind: e.actorKind,
    actor_id: e.actorId,
    actor_name: e.actorName,
    action: e.action,
    subject_kind: e.subjectKind,
    subject_id: e.subjectId,
    subject_path: e.subjectPath,
    purpose: e.purpose,
    grant_id: e.grantId,
    outcome: e.outcome,
    detail: e.detail,
    dedupe_key: e.dedupeKey,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

function fromRow(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: Number(r.seq),
    id: r.id,
    at: Number(r.at),
    actorKind: r.actor_kind as AuditEntry['actorKind'],
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    subjectPath: r.subject_path,
    purpose: r.purpose,
    grantId: r.grant_id,
    outcome: r.outcome as AuditEntry['outcome'],
    detail: r.detail,
    dedupeKey: r.dedupe_key,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
