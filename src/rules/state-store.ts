/**
 * SQL for saved rule state: the engine's periodic snapshots of changed (rule, subject) state,
 * read back at start so a restart resumes durations, windows and gaps instead of starting over.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../platform/db/create-db.ts';
import { createUpserter, type KeyedTableSpec, type Upserter } from '../platform/db/appender.ts';
import type { DB } from '../platform/db/schema.ts';
import type { RuleStateTable } from '../platform/db/schema-rules.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** One saved state row. */
export type SavedState = RuleStateTable;

/** Rows per delete statement. */
const CHUNK = 500;

const SPEC: KeyedTableSpec = {
  table: 'rule_state',
  columns: [
    { name: 'rule_id', type: 'text' },
    { name: 'subject', type: 'text' },
    { name: 'state_revision', type: 'integer' },
    { name: 'firing', type: 'integer' },
    { name: 'state', type: 'text' },
    { name: 'jurisdiction_path', type: 'text' },
    { name: 'updated_at', type: 'bigint' },
  ],
  key: ['rule_id', 'subject'],
};
const upserters = new WeakMap<Database, Upserter>();

/**
 * Writes saved states in one transaction through prepared statements (a million rows on stop
 * must not take minutes): a stored row is replaced only by one with a later `updated_at`, so
 * the caller stamps each snapshot later than the one before.
 */
export async function saveStates(database: Database, rows: readonly SavedState[]): Promise<void> {
  if (rows.length === 0) return;
  let upserter = upserters.get(database);
  if (!upserter) upserters.set(database, (upserter = createUpserter(database, SPEC, 'updated_at')));
  await upserter.upsertNewer([
    rows.map((r) => r.rule_id),
    rows.map((r) => r.subject),
    rows.map((r) => r.state_revision),
    rows.map((r) => r.firing),
    rows.map((r) => r.state),
    rows.map((r) => r.jurisdiction_path),
    rows.map((r) => r.updated_at),
  ]);
}

/** The latest `updated_at` saved (0 when nothing is), so new snapshots can be stamped later. */
export async function lastSavedAt(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('rule_state')
    .select((eb) => eb.fn.max('updated_at').as('t'))
    .executeTakeFirst();
  return Number(row?.t ?? 0);
}

/** Deletes saved states of (rule, subject) pairs, e.g. devices a rule no longer applies to. */
export async function deleteStates(db: Kysely<DB>, keys: ReadonlyArray<{ ruleId: string; subject: string }>): Promise<void> {
  if (keys.length === 0) return;
  const byRule = new Map<string, string[]>();
  for (const k of keys) byRule.set(k.ruleId, [...(byRule.get(k.ruleId) ?? []), k.subject]);
  await db.transaction().execute(async (trx) => {
    for (const [ruleId, subjects] of byRule) {
      for (let i = 0; i < subjects.length; i += CHUNK) {
        await trx
          .deleteFrom('rule_state')
          .where('rule_id', '=', ruleId)
          .where('subject', 'in', subjects.slice(i, i + CHUNK))
          .execute();
      }
    }
  });
}

/**
 * Saved states in key order, a page at a time (a million rows need not sit in memory at once).
 * @example for await (const page of pagesOfStates(db)) load(page);
 */
export async function* pagesOfStates(db: Executor, pageSize = 10_000): AsyncGenerator<SavedState[]> {
  let after: { ruleId: string; subject: string } | null = null;
  for (;;) {
    let q = db.selectFrom('rule_state').selectAll();
    if (after) {
      const a: { ruleId: string; subject: string } = after;
      q = q.where((eb) => eb.or([eb('rule_id', '>', a.ruleId), eb.and([eb('rule_id', '=', a.ruleId), eb('subject', '>', a.subject)])]));
    }
    const page = await q.orderBy('rule_id').orderBy('subject').limit(pageSize).execute();
    if (page.length === 0) return;
    yield page;
    const last = page[page.length - 1]!;
    after = { ruleId: last.rule_id, subject: last.subject };
    if (page.length < pageSize) return;
  }
}

/** The saved subjects a rule is raised for (the state view when no engine runs here); only state of `stateRevision` when given. */
export async function firingStates(db: Executor, ruleId: string, stateRevision?: number): Promise<SavedState[]> {
  let q = db.selectFrom('rule_state').selectAll().where('rule_id', '=', ruleId).where('firing', '=', 1);
  if (stateRevision !== undefined) q = q.where('state_revision', '=', stateRevision);
  return q.orderBy('subject').execute();
}

/** How many subjects have saved state for a rule (of `stateRevision` when given). */
export async function countStates(db: Executor, ruleId: string, stateRevision?: number): Promise<number> {
  let q = db
    .selectFrom('rule_state')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('rule_id', '=', ruleId);
  if (stateRevision !== undefined) q = q.where('state_revision', '=', stateRevision);
  const row = await q.executeTakeFirst();
  return Number(row?.n ?? 0);
}
