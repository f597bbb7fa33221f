/** Rules tables: warning rules, and the saved per-(rule, subject) evaluation state. */
import type { Kysely } from 'kysely';

/** Creates the rules tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rules')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('applies_to', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_id', 'text')
    .addColumn('jurisdiction_path', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('message_template', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('case_category', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('state_revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema.createIndex('rules_jurisdiction_path').on('rules').column('jurisdiction_path').execute();

  // No foreign key to rules: the engine's periodic snapshot may race a rule's deletion; the
  // engine drops state of rules that no longer exist when it loads.
  await db.schema
    .createTable('rule_state')
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('state_revision', 'integer', (c) => c.notNull())
    .addColumn('firing', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_path', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rule_state_pk', ['rule_id', 'subject'])
    .execute();
}

/** Drops the rules tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['rule_state', 'rules']) await db.schema.dropTable(t).ifExists().execute();
}
