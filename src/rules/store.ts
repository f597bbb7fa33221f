/** SQL for rules. (Saved rule state is in state-store.ts.) */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { RuleTable } from '../platform/db/schema-rules.ts';
import type { Rule, RuleBody, Selector } from './model.ts';
import type { WarningLevel } from './signal-model.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Row → Rule. */
export function toRule(r: Selectable<RuleTable>): Rule {
  const applies = JSON.parse(r.applies_to) as Pick<Selector, 'deviceTypes' | 'tags'>;
  const body = { kind: r.kind, params: JSON.parse(r.params) as unknown } as RuleBody;
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    ...body,
    appliesTo: { ...applies, jurisdictionId: r.jurisdiction_id, jurisdictionPath: r.jurisdiction_path },
    level: r.level as WarningLevel,
    messageTemplate: r.message_template,
    enabled: r.enabled === 1,
    caseCategory: r.case_category,
    revision: r.revision,
    stateRevision: r.state_revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    createdBy: r.created_by,
  };
}

/** Rule → row. */
export function toRow(rule: Rule, updatedBy: string | null): RuleTable {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    kind: rule.kind,
    params: JSON.stringify(rule.params),
    applies_to: JSON.stringify({ deviceTypes: rule.appliesTo.deviceTypes, tags: rule.appliesTo.tags }),
    jurisdiction_id: rule.appliesTo.jurisdictionId,
    jurisdiction_path: rule.appliesTo.jurisdictionPath,
    level: rule.level,
    message_template: rule.messageTemplate,
    enabled: rule.enabled ? 1 : 0,
    case_category: rule.caseCategory,
    revision: rule.revision,
    state_revision: rule.stateRevision,
    created_at: rule.createdAt,
    updated_at: rule.updatedAt,
    created_by: rule.createdBy,
    updated_by: updatedBy,
  };
}

/** Every rule, oldest first. */
export async function listRules(db: Executor): Promise<Rule[]> {
  return (await db.selectFrom('rules').selectAll().orderBy('created_at').orderBy('id').execute()).map(toRule);
}

/** One rule, or undefined. */
export async function getRule(db: Executor, id: string): Promise<Rule | undefined> {
  const row = await db.selectFrom('rules').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRule(row) : undefined;
}

/** Inserts a rule. */
export async function insertRule(db: Executor, rule: Rule, by: string | null): Promise<void> {
  await db.insertInto('rules').values(toRow(rule, by)).execute();
}

/**
 * Replaces a rule if it is still at `expectedRevision`; false when someone changed it meanwhile.
 */
export async function updateRule(db: Executor, rule: Rule, expectedRevision: number, by: string | null): Promise<boolean> {
  const { id: _id, created_at: _c, created_by: _cb, ...set } = toRow(rule, by);
  const res = await db.updateTable('rules').set(set).where('id', '=', rule.id).where('revision', '=', expectedRevision).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Deletes a rule; false when there was no such rule. Its saved state stays until the engine
 * has cleared what the rule had raised (at once if it runs, else when it next starts).
 */
export async function deleteRule(db: Executor, id: string): Promise<boolean> {
  const res = await db.deleteFrom('rules').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

/** Deletes the saved state of a rule the engine dropped, but for that of revision `keep` (the rule started over). */
export async function deleteRuleState(db: Executor, ruleId: string, keep: number | null = null): Promise<void> {
  let q = db.deleteFrom('rule_state').where('rule_id', '=', ruleId);
  if (keep !== null) q = q.where('state_revision', '<>', keep);
  await q.execute();
}
