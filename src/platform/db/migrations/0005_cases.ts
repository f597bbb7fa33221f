/**
 * Cases tables: cases, their timeline (also the event outbox), reporters, code sequences,
 * timers, supervision orders, duplicate proposals, attachments, and the webhook tables.
 *
 * Materialized paths are compared byte-wise (binary on SQLite, `collate "C"` on PostgreSQL) so a
 * subtree is one B-tree range `path >= p AND path < succ(p)` on both dialects: under a
 * linguistic collation PostgreSQL could not use the index for it and could misorder
 * punctuation, which would make the range wrong.
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../appender.ts';

/** Column kinds: `?` marks nullable; `path` is text compared byte-wise; `pk` is the text primary key. */
type Kind = 'pk' | 'text' | 'text?' | 'path' | 'bigint' | 'bigint?' | 'integer' | 'integer?' | 'double' | 'double?' | 'blob?';

/**
 * A case is open unless in a final state. The cases store spells the same predicate with
 * literals (not parameters) so both planners can match it to the partial index.
 */
const OPEN_CASE = `state not in ('closed', 'rejected', 'merged', 'voided')`;

async function createTable(
  db: Kysely<unknown>,
  name: string,
  columns: Record<string, Kind>,
  refs: Record<string, string> = {},
  unique: Record<string, string[]> = {},
): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  let t = db.schema.createTable(name) as CreateTableBuilder<string, string>;
  for (const [col, kind] of Object.entries(columns)) {
    const base = kind.replace('?', '');
    const type =
      base === 'pk' || base === 'path'
        ? 'text'
        : base === 'double'
          ? 'double precision'
          : base === 'blob'
            ? postgres
              ? 'bytea'
              : 'blob'
            : base;
    t = t.addColumn(col, type as 'text', (c) => {
      let d = kind.endsWith('?') ? c : c.notNull();
      if (kind === 'pk') d = d.primaryKey();
      if (kind === 'path' && postgres) d = d.modifyEnd(sql`collate "C"`);
      const ref = refs[col];
      return ref ? d.references(ref) : d;
    });
  }
  for (const [constraint, cols] of Object.entries(unique)) t = t.addUniqueConstraint(constraint, cols);
  await t.execute();
}

async function index(db: Kysely<unknown>, name: string, table: string, columns: string[], where?: string): Promise<void> {
  let b = db.schema.createIndex(name).on(table).columns(columns);
  if (where) b = b.where(sql.raw<boolean>(where));
  await b.execute();
}

/** Creates the cases tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createTable(db, 'case_reporters', {
    id: 'pk',
    name: 'text?',
    phone: 'text?',
    email: 'text?',
    contact_note: 'text?',
    created_at: 'bigint',
  });

  await createTable(
    db,
    'cases',
    {
      id: 'pk',
      code: 'text',
      source: 'text',
      source_ref: 'text?',
      category: 'text',
      urgency: 'text',
      state: 'text',
      parked_from: 'text?',
      state_reason: 'text?',
      review_at: 'bigint?',
      description: 'text',
      lon: 'double',
      lat: 'double',
      address: 'text?',
      jurisdiction_id: 'text',
      jurisdiction_path: 'path',
      centre_id: 'text',
      centre_level: 'text',
      centre_path: 'path',
      unit_id: 'text?',
      suggested_unit_id: 'text?',
      master_id: 'text?',
      report_count: 'integer',
      reporter_id: 'text?',
      step_name: 'text?',
      step_started_at: 'bigint?',
      step_due_at: 'bigint?',
      step_limit: 'text?',
      step_paused_remaining_ms: 'bigint?',
      step_paused_ms: 'bigint?',
      step_overdue_at: 'bigint?',
      extension: 'text?',
      dispatch_count: 'integer',
      return_count: 'integer',
      rework_count: 'integer',
      extension_count: 'integer',
      escalation_count: 'integer',
      overdue_count: 'integer',
      reported_at: 'bigint',
      filed_at: 'bigint?',
      first_dispatched_at: 'bigint?',
      dispatched_at: 'bigint?',
      accepted_at: 'bigint?',
      handled_at: 'bigint?',
      handle_due_at: 'bigint?',
      handled_on_time: 'integer?',
      verified_at: 'bigint?',
      closed_at: 'bigint?',
      closed_on_time: 'integer?',
      satisfaction: 'integer?',
      created_by: 'text?',
      updated_at: 'bigint',
      version: 'integer',
    },
    { reporter_id: 'case_reporters.id', master_id: 'cases.id' },
    { cases_code: ['code'] },
  );
  // Newest-first listing with a (reported_at, id) cursor; also serves reported_at ranges alone.
  await index(db, 'cases_reported', 'cases', ['reported_at', 'id']);
  // A scope is a path range. `updated_at` and `state` ride along so the evaluation's filter
  // ("changed since the period began, or still open") is answered from the index, not by looking
  // up every case of a district in the table (≈ 3× faster over a million cases).
  await index(db, 'cases_jurisdiction_path', 'cases', ['jurisdiction_path', 'updated_at', 'state']);
  await index(db, 'cases_unit_state', 'cases', ['unit_id', 'state']);
  await index(db, 'cases_centre_state', 'cases', ['centre_id', 'state']);
  await index(db, 'cases_state', 'cases', ['state']);
  // Duplicate search looks at open cases only: a partial index keeps closed ones out of it.
  await index(db, 'cases_open_category_lat', 'cases', ['category', 'lat'], OPEN_CASE);
  // One case per source record (an alert, a 12345 work order): the storage-level de-duplication.
  await db.schema
    .createIndex('cases_source_ref')
    .on('cases')
    .columns(['source', 'source_ref'])
    .unique()
    .where(sql.ref('source_ref'), 'is not', null)
    .execute();
  // The reports merged into a master, told its outcome when it closes (few cases have any).
  await db.schema.createIndex('cases_master').on('cases').column('master_id').where(sql.ref('master_id'), 'is not', null).execute();
  await index(db, 'cases_first_dispatched', 'cases', ['first_dispatched_at']);
  await index(db, 'cases_unit_first_dispatched', 'cases', ['unit_id', 'first_dispatched_at']);

  await createTable(
    db,
    'case_events',
    {
      id: 'pk',
      case_id: 'text',
      seq: 'integer',
      type: 'text',
      at: 'bigint',
      actor_id: 'text',
      actor_roles: 'text',
      note: 'text?',
      attachments: 'text',
      before: 'text',
      after: 'text',
      published: 'integer',
    },
    { case_id: 'cases.id' },
    { case_events_seq: ['case_id', 'seq'] },
  );
  // The outbox: only the few unpublished entries are in it.
  await index(db, 'case_events_unpublished', 'case_events', ['id'], 'published = 0');

  await createTable(db, 'case_code_seq', { prefix: 'pk', last: 'integer' });

  await createTable(
    db,
    'case_timers',
    { id: 'pk', case_id: 'text', kind: 'text', due_at: 'bigint', claimed_by: 'text?', claimed_until: 'bigint?' },
    { case_id: 'cases.id' },
    { case_timers_kind: ['case_id', 'kind'] },
  );
  await index(db, 'case_timers_due', 'case_timers', ['due_at']);

  await createTable(
    db,
    'supervision_orders',
    {
      id: 'pk',
      case_id: 'text',
      from_centre_id: 'text',
      to_centre_id: 'text',
      to_centre_level: 'text',
      step: 'text',
      step_due_at: 'bigint',
      raised_at: 'bigint',
      state: 'text',
      resolution: 'text?',
      note: 'text?',
      resolved_by: 'text?',
      resolved_at: 'bigint?',
    },
    { case_id: 'cases.id' },
  );
  await index(db, 'supervision_orders_centre_state', 'supervision_orders', ['to_centre_id', 'state']);
  await index(db, 'supervision_orders_case', 'supervision_orders', ['case_id']);

  await createTable(
    db,
    'duplicate_proposals',
    {
      id: 'pk',
      case_id: 'text',
      master_id: 'text',
      distance_m: 'double',
      age_ms: 'bigint',
      confidence: 'double',
      decision: 'text',
      reason: 'text?',
      decided_by: 'text?',
      decided_at: 'bigint?',
      created_at: 'bigint',
    },
    { case_id: 'cases.id', master_id: 'cases.id' },
  );
  await index(db, 'duplicate_proposals_case', 'duplicate_proposals', ['case_id']);
  await index(db, 'duplicate_proposals_master', 'duplicate_proposals', ['master_id']);

  await createTable(
    db,
    'case_attachments',
    {
      id: 'pk',
      case_id: 'text?',
      name: 'text',
      media_type: 'text',
      bytes: 'bigint',
      sha256: 'text',
      storage: 'text',
      data: 'blob?',
      uploaded_by: 'text',
      created_at: 'bigint',
    },
    { case_id: 'cases.id' },
  );
  await index(db, 'case_attachments_case', 'case_attachments', ['case_id']);

  await createTable(db, 'webhook_subscriptions', {
    id: 'pk',
    unit_id: 'text',
    url: 'text',
    secret: 'text',
    event_types: 'text',
    active: 'integer',
    created_at: 'bigint',
    created_by: 'text?',
  });
  await index(db, 'webhook_subscriptions_unit', 'webhook_subscriptions', ['unit_id']);
  await createTable(
    db,
    'webhook_deliveries',
    {
      id: 'pk',
      subscription_id: 'text',
      event_id: 'text',
      payload: 'text',
      attempts: 'integer',
      next_attempt_at: 'bigint?',
      state: 'text',
      last_error: 'text?',
      last_status: 'integer?',
      created_at: 'bigint',
      delivered_at: 'bigint?',
    },
    { subscription_id: 'webhook_subscriptions.id' },
    { webhook_deliveries_event: ['subscription_id', 'event_id'] },
  );
  await index(db, 'webhook_deliveries_due', 'webhook_deliveries', ['state', 'next_attempt_at']);
}

/** Drops the cases tables, dependants first. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'webhook_deliveries',
    'webhook_subscriptions',
    'case_attachments',
    'duplicate_proposals',
    'supervision_orders',
    'case_timers',
    'case_code_seq',
    'case_events',
    'cases',
    'case_reporters',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
