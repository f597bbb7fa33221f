/**
 * The scenario register's SQL: scenarios, their revisions (append-only) and the frozen
 * snapshots (insert-only: there is no update statement for them here). Only `service.ts` calls it.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { ScenarioRevisionTable, ScenarioSnapshotTable, ScenarioTable } from '../../platform/db/schema-scenarios.ts';
import type { ScenarioFields, ScenarioRecord, ScenarioStatus } from './model.ts';
import type { Revision, SnapshotRow } from './snapshot-model.ts';

type Db = Kysely<DB>;

function parseList(text: string): string[] {
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function fromRow(r: Selectable<ScenarioTable>): ScenarioRecord {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    nameEn: r.name_en,
    department: r.department,
    status: r.status as ScenarioStatus,
    launchDate: r.launch_date,
    watches: r.watches,
    watchesEn: r.watches_en,
    ruleIds: parseList(r.rule_ids),
    categories: parseList(r.categories),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    version: Number(r.version),
  };
}

function columns(s: ScenarioFields) {
  return {
    slug: s.slug,
    name: s.name,
    name_en: s.nameEn,
    department: s.department,
    status: s.status,
    launch_date: s.launchDate,
    watches: s.watches,
    watches_en: s.watchesEn,
    rule_ids: JSON.stringify(s.ruleIds),
    categories: JSON.stringify(s.categories),
  };
}

function revisionFromRow(r: Selectable<ScenarioRevisionTable>): Revision {
  return {
    id: r.id,
    scenarioId: r.scenario_id,
    version: Number(r.version),
    at: Number(r.at),
    action: r.action === 'create' ? 'create' : 'update',
    actorId: r.actor_id,
    data: JSON.parse(r.data) as ScenarioFields,
  };
}

function snapshotFromRow(r: Selectable<ScenarioSnapshotTable>): SnapshotRow {
  return {
    month: r.month,
    seq: Number(r.seq),
    document: r.document,
    sha256: r.sha256,
    prevSha256: r.prev_sha256,
    frozenAt: Number(r.frozen_at),
    frozenBy: r.frozen_by,
  };
}

/** Every scenario, in the order they were added. */
export async function listScenarios(db: Db): Promise<ScenarioRecord[]> {
  return (await db.selectFrom('scenarios').selectAll().orderBy('created_at').orderBy('id').execute()).map(fromRow);
}

/** One scenario by id. */
export async function getScenario(db: Db, id: string): Promise<ScenarioRecord | undefined> {
  const r = await db.selectFrom('scenarios').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? fromRow(r) : undefined;
}

/** Whether another scenario uses the slug. */
export async function slugTaken(db: Db, slug: string, exceptId: string | null): Promise<boolean> {
  let q = db.selectFrom('scenarios').select('id').where('slug', '=', slug);
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Stores a new scenario. */
export async function insertScenario(db: Db, s: ScenarioRecord): Promise<void> {
  await db
    .insertInto('scenarios')
    .values({ id: s.id, ...columns(s), created_at: s.createdAt, updated_at: s.updatedAt, version: s.version })
    .execute();
}

/** Writes a scenario's new fields if its version is still `expectedVersion`; false if it moved on. */
export async function updateScenario(db: Db, s: ScenarioRecord, expectedVersion: number): Promise<boolean> {
  const r = await db
    .updateTable('scenarios')
    .set({ ...columns(s), updated_at: s.updatedAt, version: s.version })
    .where('id', '=', s.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Appends a revision. */
export async function insertRevision(db: Db, r: Revision): Promise<void> {
  await db
    .insertInto('scenario_revisions')
    .values({
      id: r.id,
      scenario_id: r.scenarioId,
      version: r.version,
      at: r.at,
      action: r.action,
      actor_id: r.actorId,
      data: JSON.stringify(r.data),
    })
    .execute();
}

/** Every revision, oldest first (the register changes a few times a month: a small table). */
export async function listRevisions(db: Db): Promise<Revision[]> {
  return (await db.selectFrom('scenario_revisions').selectAll().orderBy('at').orderBy('id').execute()).map(revisionFromRow);
}

/** Every snapshot without documents, oldest first. */
export async function listSnapshotHeads(db: Db): Promise<Omit<SnapshotRow, 'document'>[]> {
  const rows = await db
    .selectFrom('scenario_snapshots')
    .select(['month', 'seq', 'sha256', 'prev_sha256', 'frozen_at', 'frozen_by'])
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    month: r.month,
    seq: Number(r.seq),
    sha256: r.sha256,
    prevSha256: r.prev_sha256,
    frozenAt: Number(r.frozen_at),
    frozenBy: r.frozen_by,
  }));
}

/** Every snapshot with its document, in chain order (for verification). */
export async function listSnapshots(db: Db): Promise<SnapshotRow[]> {
  return (await db.selectFrom('scenario_snapshots').selectAll().orderBy('seq').execute()).map(snapshotFromRow);
}

/** One month's snapshot. */
export async function getSnapshot(db: Db, month: string): Promise<SnapshotRow | undefined> {
  const r = await db.selectFrom('scenario_snapshots').selectAll().where('month', '=', month).executeTakeFirst();
  return r ? snapshotFromRow(r) : undefined;
}

/** The last snapshot of the chain. */
export async function lastSnapshot(db: Db): Promise<SnapshotRow | undefined> {
  const r = await db.selectFrom('scenario_snapshots').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r ? snapshotFromRow(r) : undefined;
}

/**
 * Stores a snapshot unless its month or its chain position is taken (another process froze
 * first): no error either way, so no transaction is aborted; returns whether it was stored.
 */
export async function insertSnapshot(db: Db, s: SnapshotRow): Promise<boolean> {
  const r = await db
    .insertInto('scenario_snapshots')
    .values({
      month: s.month,
      seq: s.seq,
      document: s.document,
      sha256: s.sha256,
      prev_sha256: s.prevSha256,
      frozen_at: s.frozenAt,
      frozen_by: s.frozenBy,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}
