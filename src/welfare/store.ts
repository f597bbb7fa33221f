/** The welfare module's SQL: welfare visits, keyed by the alert action request and by the case. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { WelfareVisitTable } from '../platform/db/schema-welfare.ts';
import type { LinkReason, VisitOutcome, VisitStatus, WelfareVisit } from './model.ts';

/** A connection or a transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;

function toVisit(r: WelfareVisitTable): WelfareVisit {
  return {
    id: r.id,
    requestId: r.request_id,
    alertId: r.alert_id,
    policyId: r.policy_id,
    deviceId: r.device_id,
    caseId: r.case_id,
    housingId: r.housing_id,
    personIds: JSON.parse(r.person_ids) as string[],
    linkReason: r.link_reason as LinkReason | null,
    jurisdictionPath: r.jurisdiction_path,
    status: r.status as VisitStatus,
    holderUserId: r.holder_user_id,
    grantId: r.grant_id,
    grantEventId: r.grant_event_id,
    outcome: r.outcome as VisitOutcome | null,
    outcomeNote: r.outcome_note,
    // bigint columns come back as strings on PostgreSQL.
    visitedAt: r.visited_at === null ? null : Number(r.visited_at),
    outcomeBy: r.outcome_by,
    outcomeAt: r.outcome_at === null ? null : Number(r.outcome_at),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** Stores a visit unless one exists for its request (a redelivered alert event); true if stored. */
export async function insertVisit(db: Executor, row: WelfareVisitTable): Promise<boolean> {
  const r = await db
    .insertInto('welfare_visits')
    .values(row)
    .onConflict((oc) => oc.column('request_id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** The visit for an alert action request (the case's source ref). */
export async function visitByRequest(db: Executor, requestId: string): Promise<WelfareVisit | undefined> {
  const r = await db.selectFrom('welfare_visits').selectAll().where('request_id', '=', requestId).executeTakeFirst();
  return r && toVisit(r);
}

/** The visit of a case. */
export async function visitByCase(db: Executor, caseId: string): Promise<WelfareVisit | undefined> {
  const r = await db.selectFrom('welfare_visits').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  return r && toVisit(r);
}

/** Changes a visit. */
export async function updateVisit(db: Executor, id: string, set: Partial<WelfareVisitTable>): Promise<void> {
  await db.updateTable('welfare_visits').set(set).where('id', '=', id).execute();
}

/**
 * Records an outcome while the visit is open; false when it is not (a second submission, or two
 * workers at once), so the case is not handled twice. Rework opens the visit again (the case's
 * timeline keeps every outcome reported).
 */
export async function recordOutcome(
  db: Executor,
  id: string,
  o: { outcome: VisitOutcome; note: string | null; visitedAt: number; by: string; at: number },
): Promise<boolean> {
  const r = await db
    .updateTable('welfare_visits')
    .set({
      status: 'visited',
      outcome: o.outcome,
      outcome_note: o.note,
      visited_at: o.visitedAt,
      outcome_by: o.by,
      outcome_at: o.at,
      updated_at: o.at,
    })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
