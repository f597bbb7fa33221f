/**
 * SQL for duplicate proposals: a new report and an open case it may repeat, found by distance
 * and age, decided by a person (merged into the master, or dismissed).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { DuplicateProposalTable } from '../platform/db/schema-cases.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Where a proposal stands. */
export type DuplicateDecision = 'proposed' | 'merged' | 'dismissed';

/** A possible duplicate. */
export interface DuplicateProposal {
  id: string;
  /** The new report. */
  caseId: string;
  /** The open case it may repeat. */
  masterId: string;
  distanceM: number;
  /** How much later the new report came (ms). */
  ageMs: number;
  /** 0–1. */
  confidence: number;
  decision: DuplicateDecision;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: number | null;
  createdAt: number;
}

function toRow(p: DuplicateProposal): DuplicateProposalTable {
  return {
    id: p.id,
    case_id: p.caseId,
    master_id: p.masterId,
    distance_m: p.distanceM,
    age_ms: p.ageMs,
    confidence: p.confidence,
    decision: p.decision,
    reason: p.reason,
    decided_by: p.decidedBy,
    decided_at: p.decidedAt,
    created_at: p.createdAt,
  };
}

function fromRow(r: Selectable<DuplicateProposalTable>): DuplicateProposal {
  return {
    id: r.id,
    caseId: r.case_id,
    masterId: r.master_id,
    distanceM: r.distance_m,
    ageMs: r.age_ms,
    confidence: r.confidence,
    decision: r.decision as DuplicateDecision,
    reason: r.reason,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
  };
}

/** Stores a proposal. */
export async function insertProposal(db: Executor, p: DuplicateProposal): Promise<void> {
  await db.insertInto('duplicate_proposals').values(toRow(p)).execute();
}

/** One proposal by id. */
export async function getProposal(db: Executor, id: string): Promise<DuplicateProposal | undefined> {
  const r = await db.selectFrom('duplicate_proposals').selectAll().where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

/** Proposals for a new report, most confident first. */
export async function listProposalsForCase(db: Executor, caseId: string): Promise<DuplicateProposal[]> {
  const rows = await db
    .selectFrom('duplicate_proposals')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('confidence', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(fromRow);
}

/** Proposals naming a case as master, newest first. */
export async function listProposalsForMaster(db: Executor, masterId: string): Promise<DuplicateProposal[]> {
  const rows = await db
    .selectFrom('duplicate_proposals')
    .selectAll()
    .where('master_id', '=', masterId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(fromRow);
}

/** Decides a proposal still `proposed`; false when it was decided already (or is unknown). */
export async function decideProposal(
  db: Executor,
  id: string,
  d: { decision: 'merged' | 'dismissed'; reason: string | null; decidedBy: string; decidedAt: number },
): Promise<boolean> {
  const r = await db
    .updateTable('duplicate_proposals')
    .set({ decision: d.decision, reason: d.reason, decided_by: d.decidedBy, decided_at: d.decidedAt })
    .where('id', '=', id)
    .where('decision', '=', 'proposed')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
