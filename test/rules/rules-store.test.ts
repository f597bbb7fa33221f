/**
 * Storage contract of the rules module, on every dialect:
 * - migration 0003 creates exactly the columns of schema-rules.ts, with their nullability;
 * - a rule is stored and read back exactly; an update at a stale revision writes nothing;
 *   a deleted rule's saved state stays until the engine drops it;
 * - saved state is upserted (a second save replaces), read back in key order across pages,
 *   and deleted per subject and per vanished rule;
 * - a snapshot with more rows than one statement carries is written whole.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TableMetadata } from 'kysely';
import type { RulesTables } from '../../src/platform/db/schema-rules.ts';
import type { Rule } from '../../src/rules/model.ts';
import * as store from '../../src/rules/store.ts';
import * as stateStore from '../../src/rules/state-store.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';

const COLUMNS: { [T in keyof RulesTables]: Array<keyof RulesTables[T]> } = {
  rules: [
    'id',
    'name',
    'description',
    'kind',
    'params',
    'applies_to',
    'jurisdiction_id',
    'jurisdiction_path',
    'level',
    'message_template',
    'enabled',
    'case_category',
    'revision',
    'state_revision',
    'created_at',
    'updated_at',
    'created_by',
    'updated_by',
  ],
  rule_state: ['rule_id', 'subject', 'state_revision', 'firing', 'state', 'jurisdiction_path', 'updated_at'],
};
const NULLABLE: { [T in keyof RulesTables]: Array<keyof RulesTables[T]> } = {
  rules: ['jurisdiction_id', 'jurisdiction_path', 'case_category', 'created_by', 'updated_by'],
  rule_state: [],
};

const NOW = Date.UTC(2026, 10, 27, 2, 0, 0);
const RULE: Rule = {
  id: 'r-1',
  name: '积水',
  description: '',
  kind: 'threshold',
  params: { metric: 'water_level_cm', op: '>', threshold: 15, clear: { op: '<', threshold: 10 }, for: 300_000, or: [] },
  appliesTo: { deviceTypes: ['water_level_gauge'], tags: { all: ['road'], any: [] }, jurisdictionId: 'd1', jurisdictionPath: '/c/d1/' },
  level: 'orange',
  messageTemplate: '{device} {value}',
  enabled: true,
  caseCategory: 'E0401',
  revision: 1,
  stateRevision: 1,
  createdAt: NOW,
  updatedAt: NOW,
  createdBy: 'u-1',
};

const saved = (rule_id: string, subject: string, state = '[1,2]'): stateStore.SavedState => ({
  rule_id,
  subject,
  state_revision: 1,
  firing: 0,
  state,
  jurisdiction_path: '/c/',
  updated_at: NOW,
});

describe.each(availableDialects())('rules storage on %s', (dialect) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb(dialect);
  });
  afterEach(async () => t.cleanup());

  it('has exactly the columns of schema-rules.ts, with their nullability', async () => {
    const all: TableMetadata[] = await t.database.db.introspection.getTables();
    for (const name of Object.keys(COLUMNS) as Array<keyof RulesTables>) {
      const m = all.find((x) => x.name === name && (t.schema === null || x.schema === t.schema));
      expect(m, name).toBeDefined();
      expect(m!.columns.map((c) => c.name).sort(), name).toEqual([...COLUMNS[name]].map(String).sort());
      const nullable = m!.columns.filter((c) => c.isNullable).map((c) => c.name);
      expect(nullable.sort(), name).toEqual([...NULLABLE[name]].map(String).sort());
    }
  });

  it('stores rules exactly and refuses stale updates; deleting a rule leaves its state to the engine', async () => {
    await store.insertRule(t.database.db, RULE, 'u-1');
    expect(await store.getRule(t.database.db, 'r-1')).toEqual(RULE);
    const next: Rule = {
      ...RULE,
      name: '积水2',
      revision: 2,
      appliesTo: { ...RULE.appliesTo, jurisdictionId: null, jurisdictionPath: null },
    };
    expect(await store.updateRule(t.database.db, next, 1, 'u-2')).toBe(true);
    expect(await store.updateRule(t.database.db, { ...next, revision: 3 }, 1, 'u-2')).toBe(false);
    expect(await store.listRules(t.database.db)).toEqual([next]);
    await stateStore.saveStates(t.database, [saved('r-1', 'g-1')]);
    expect(await store.deleteRule(t.database.db, 'r-1')).toBe(true);
    expect(await store.deleteRule(t.database.db, 'r-1')).toBe(false);
    expect(await stateStore.countStates(t.database.db, 'r-1')).toBe(1);
    await store.deleteRuleState(t.database.db, 'r-1');
    expect(await stateStore.countStates(t.database.db, 'r-1')).toBe(0);
  });

  it('upserts saved state, pages through it in key order and deletes it', async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => saved(i % 2 ? 'r-b' : 'r-a', `dev-${String(i).padStart(5, '0')}`));
    await stateStore.saveStates(t.database, rows);
    // A later save replaces; an older one (a snapshot that lost a race) does not.
    await stateStore.saveStates(t.database, [{ ...saved('r-a', 'dev-00000', '["NaN",7]'), firing: 1, updated_at: NOW + 1 }]);
    await stateStore.saveStates(t.database, [{ ...saved('r-a', 'dev-00000', '[0,0]'), updated_at: NOW }]);
    expect(await stateStore.lastSavedAt(t.database.db)).toBe(NOW + 1);
    const pages: number[] = [];
    const read: stateStore.SavedState[] = [];
    for await (const page of stateStore.pagesOfStates(t.database.db, 500)) {
      pages.push(page.length);
      read.push(...page);
    }
    expect(pages).toEqual([500, 500, 234]);
    const keys = read.map((r) => `${r.rule_id} ${r.subject}`);
    expect(keys).toEqual([...keys].sort());
    expect(read[0]).toEqual({ ...saved('r-a', 'dev-00000', '["NaN",7]'), firing: 1, updated_at: NOW + 1 });
    expect(await stateStore.firingStates(t.database.db, 'r-a')).toHaveLength(1);
    expect(await stateStore.countStates(t.database.db, 'r-b')).toBe(617);

    await stateStore.deleteStates(t.database.db, [
      { ruleId: 'r-a', subject: 'dev-00000' },
      { ruleId: 'r-b', subject: 'dev-00001' },
    ]);
    expect(await stateStore.countStates(t.database.db, 'r-a')).toBe(616);
    // A rule that started over keeps the state of its new revision only.
    await stateStore.saveStates(t.database, [{ ...saved('r-b', 'dev-new'), state_revision: 2 }]);
    await store.deleteRuleState(t.database.db, 'r-b', 2);
    expect(await stateStore.countStates(t.database.db, 'r-b')).toBe(1);
    expect(await stateStore.countStates(t.database.db, 'r-b', 2)).toBe(1);
    expect(await stateStore.countStates(t.database.db, 'r-a')).toBe(616);
  });
});
