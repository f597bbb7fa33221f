/**
 * SQL for saved rule state: the engine's periodic snapshots of changed (rule, subject) state,
 * read back at start so a restart resumes durations, windows and gaps instead of starting over.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { RuleStateTable } from '../platform/db/schema-rules.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** One saved state row. */
export type SavedState = RuleStateTable;

/** Rows per statement: 7 parameters each stays well under both dialects' limits. */
const CHUNK = 500;

/** Writes (inserts or replaces) saved states, in one transaction. */
export async function saveStates(db: Kysely<DB>, rows: readonly SavedState[]): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('rule_state')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.columns(['rule_id', 'subject']).doUpdateSet((eb) => ({
            state_revision: eb.ref('excluded.state_revision'),
            firing: eb.ref('excluded.firing'),
            state: eb.ref('excluded.state'),
            jurisdiction_path: eb.ref('excluded.jurisdiction_path'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  });
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

/** Deletes every saved state of rules not in `keep` (deleted rules). */
export async function deleteStatesExcept(db: Executor, keep: readonly string[]): Promise<void> {
  let q = db.deleteFrom('rule_state');
  if (keep.length > 0) q = q.where('rule_id', 'not in', keep);
  await q.execute();
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
      q = q.where((eb) =>
        eb.or([eb('rule_id', '>', a.ruleId), eb.and([eb('rule_id', '=', a.ruleId), eb('subject', '>', a.subject)])]),
      );
    }
    const page = await q.orderBy('rule_id').orderBy('subject').limit(pageSize).execute();
    if (page.length === 0) return;
    yield page;
    const last = page[page.length - 1]!;
    after = { ruleId: last.rule_id, subject: last.subject };
    if (page.length < pageSize) return;
  }
}

/** The saved subjects a rule is raised for (the state view when no engine runs here). */
export async function firingStates(db: Executor, ruleId: string): Promise<SavedState[]> {
  return db.selectFrom('rule_state').selectAll().where('rule_id', '=', ruleId).where('firing', '=', 1).orderBy('subject').execute();
}

/** How many subjects have saved state for a rule. */
export async function countStates(db: Executor, ruleId: string): Promise<number> {
  const row = await db
    .selectFrom('rule_state')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('rule_id', '=', ruleId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
