/**
 * Storage contract for cases, on every available dialect: the columns of schema-cases.ts with
 * their nullability; a full case round-trips every field (nulls, JSON, booleans, the step clock
 * and the extension); the version-checked update refuses a stale version; timeline entries are
 * numbered per case in append order and stay in the outbox until marked published; case codes
 * count per prefix, also under concurrent transactions; one case per source record; reporters.
 * Listing, scope and duplicate search are in cases-list.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableMetadata } from 'kysely';
import type { CasesTables } from '../../src/platform/db/schema-cases.ts';
import * as store from '../../src/cases/store.ts';
import type { CaseEvent } from '../../src/cases/case-types.ts';
import { isUniqueViolation } from '../../src/platform/db/create-db.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { fullCase, nextId, sparseCase } from './case-fixtures.ts';

type Columns = { [T in keyof CasesTables]: Array<keyof CasesTables[T]> };

/** Every column, checked against schema-cases.ts by the compiler (a missing key fails to compile). */
const COLUMNS: Columns = {
  cases: [
    ...(['id', 'code', 'source', 'source_ref', 'category', 'urgency', 'state', 'parked_from', 'state_reason', 'review_at'] as const),
    ...(['description', 'lon', 'lat', 'address', 'jurisdiction_id', 'jurisdiction_path', 'centre_id', 'centre_level'] as const),
    ...(['centre_path', 'unit_id', 'suggested_unit_id', 'master_id', 'report_count', 'reporter_id', 'step_name'] as const),
    ...(['step_started_at', 'step_due_at', 'step_limit', 'step_paused_remaining_ms', 'step_paused_ms', 'step_overdue_at'] as const),
    ...(['extension', 'dispatch_count', 'return_count', 'rework_count', 'extension_count', 'escalation_count'] as const),
    ...(['overdue_count', 'reported_at', 'filed_at', 'first_dispatched_at', 'dispatched_at', 'accepted_at', 'handled_at'] as const),
    ...(['handle_due_at', 'handled_on_time', 'verified_at', 'closed_at', 'closed_on_time', 'satisfaction', 'created_by'] as const),
    ...(['updated_at', 'version'] as const),
  ],
  case_events: ['id', 'case_id', 'seq', 'type', 'at', 'actor_id', 'actor_roles', 'note', 'attachments', 'before', 'after', 'published'],
  case_reporters: ['id', 'name', 'phone', 'email', 'contact_note', 'created_at'],
  case_code_seq: ['prefix', 'last'],
  case_timers: ['id', 'case_id', 'kind', 'due_at', 'claimed_by', 'claimed_until'],
  supervision_orders: [
    ...(['id', 'case_id', 'from_centre_id', 'to_centre_id', 'to_centre_level', 'step', 'step_due_at', 'raised_at'] as const),
    ...(['state', 'resolution', 'note', 'resolved_by', 'resolved_at'] as const),
  ],
  duplicate_proposals: [
    ...(['id', 'case_id', 'master_id', 'distance_m', 'age_ms', 'confidence', 'decision', 'reason', 'decided_by'] as const),
    ...(['decided_at', 'created_at'] as const),
  ],
  case_attachments: ['id', 'case_id', 'name', 'media_type', 'bytes', 'sha256', 'storage', 'data', 'uploaded_by', 'created_at'],
  webhook_subscriptions: ['id', 'unit_id', 'url', 'secret', 'event_types', 'active', 'created_at', 'created_by'],
  webhook_deliveries: [
    ...(['id', 'subscription_id', 'event_id', 'payload', 'attempts', 'next_attempt_at', 'state', 'last_error'] as const),
    ...(['last_status', 'created_at', 'delivered_at'] as const),
  ],
};

/** The columns schema-cases.ts types as `… | null`. */
const NULLABLE: Columns = {
  cases: [
    ...(['source_ref', 'parked_from', 'state_reason', 'review_at', 'address', 'unit_id', 'suggested_unit_id', 'master_id'] as const),
    ...(['reporter_id', 'step_name', 'step_started_at', 'step_due_at', 'step_limit', 'step_paused_remaining_ms'] as const),
    ...(['step_paused_ms', 'step_overdue_at', 'extension', 'filed_at', 'first_dispatched_at', 'dispatched_at'] as const),
    ...(['accepted_at', 'handled_at', 'handle_due_at', 'handled_on_time', 'verified_at', 'closed_at', 'closed_on_time'] as const),
    ...(['satisfaction', 'created_by'] as const),
  ],
  case_events: ['note'],
  case_reporters: ['name', 'phone', 'email', 'contact_note'],
  case_code_seq: [],
  case_timers: ['claimed_by', 'claimed_until'],
  supervision_orders: ['resolution', 'note', 'resolved_by', 'resolved_at'],
  duplicate_proposals: ['reason', 'decided_by', 'decided_at'],
  case_attachments: ['case_id', 'data'],
  webhook_subscriptions: ['created_by'],
  webhook_deliveries: ['next_attempt_at', 'last_error', 'last_status', 'delivered_at'],
};

type NewEvent = Omit<CaseEvent, 'id' | 'seq' | 'caseId'>;

function event(over: Partial<NewEvent> = {}): NewEvent {
  return {
    type: 'commented',
    at: 1000,
    actorId: 'u-1',
    actorRoles: ['operator'],
    note: null,
    attachments: [],
    before: {},
    after: {},
    ...over,
  };
}

describe.each(availableDialects())('cases storage on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.cleanup());

  it('has exactly the columns of schema-cases.ts, with their nullability', async () => {
    const all: TableMetadata[] = await t.database.db.introspection.getTables();
    for (const table of Object.keys(COLUMNS) as Array<keyof CasesTables>) {
      const m = all.find((x) => x.name === table && (t.schema === null || x.schema === t.schema));
      expect(m, table).toBeDefined();
      expect(m!.columns.map((c) => c.name).sort(), table).toEqual([...COLUMNS[table]].map(String).sort());
      const nullable = m!.columns.filter((c) => c.isNullable).map((c) => c.name);
      expect(nullable.sort(), table).toEqual([...NULLABLE[table]].map(String).sort());
    }
  });

  it('round-trips a case with every field set, and one with every optional field null', async () => {
    const { db } = t.database;
    const master = sparseCase();
    await store.insertCase(db, master);
    const reporterId = await store.insertReporter(db, {
      id: nextId('r'),
      name: '张三',
      phone: '13800000000',
      email: 'z@example.cn',
      contactNote: '下午',
      createdAt: 5,
    });
    const full = fullCase({ masterId: master.id, reporterId });
    await store.insertCase(db, full);
    const back = await store.getCase(db, full.id);
    expect(back).toEqual(full);
    // Every field is there, none extra: toEqual alone would let an undefined one pass.
    expect(Object.keys(back!).sort()).toEqual(Object.keys(full).sort());
    expect(back!.handledOnTime).toBe(true);
    expect(back!.closedOnTime).toBe(false);
    expect(await store.getCase(db, master.id)).toEqual(master);
    expect(await store.getCaseByCode(db, full.code)).toEqual(full);
    expect(await store.getCaseBySourceRef(db, 'hotline', full.sourceRef!)).toEqual(full);
    expect(await store.getCaseBySourceRef(db, 'citizen', full.sourceRef!)).toBeUndefined();
    expect(await store.getCase(db, 'nope')).toBeUndefined();
    // A step that was never parked keeps `pausedMs` absent.
    const { pausedMs: _, ...neverParked } = full.step!;
    const plain = fullCase({ masterId: master.id, reporterId, step: neverParked });
    await store.insertCase(db, plain);
    expect((await store.getCase(db, plain.id))!.step).toStrictEqual(neverParked);
  });

  it('updates a case only from the version it was read at', async () => {
    const { db } = t.database;
    const c = sparseCase();
    await store.insertCase(db, c);
    const filed = { ...c, state: 'filed' as const, filedAt: c.reportedAt + 5, updatedAt: c.reportedAt + 5, version: 2 };
    expect(await store.updateCase(db, filed, 1)).toBe(true);
    expect(await store.getCase(db, c.id)).toEqual(filed);
    // A second writer that read version 1 too loses, and changes nothing.
    expect(await store.updateCase(db, { ...c, state: 'rejected', version: 2 }, 1)).toBe(false);
    expect(await store.getCase(db, c.id)).toEqual(filed);
    expect(await store.updateCase(db, { ...sparseCase(), version: 2 }, 1), 'unknown case').toBe(false);
    // Going back to all-null step and extension clears the columns.
    const full = fullCase();
    await store.insertCase(db, full);
    const cleared = { ...full, step: null, extension: null, handledOnTime: null, version: 8 };
    expect(await store.updateCase(db, cleared, 7)).toBe(true);
    expect(await store.getCase(db, full.id)).toEqual(cleared);
  });

  it('numbers timeline entries per case in append order; (case, seq) is unique', async () => {
    const { db } = t.database;
    const a = sparseCase();
    const b = sparseCase();
    await store.insertCase(db, a);
    await store.insertCase(db, b);
    const first = await store.appendEvents(db, a.id, [event({ type: 'reported' }), event({ type: 'filed', note: '立案' })], () =>
      nextId('e'),
    );
    const other = await store.appendEvents(db, b.id, [event({ type: 'reported' })], () => nextId('e'));
    const withData = event({
      type: 'dispatched',
      attachments: ['att-1', 'att-2'],
      actorRoles: ['dispatcher', 'operator'],
      before: { state: 'filed', unitId: null },
      after: { state: 'dispatched', unitId: 'unit-road', step: fullCase().step },
    });
    const later = await store.appendEvents(db, a.id, [withData], () => nextId('e'));
    expect(first.map((e) => e.seq)).toEqual([1, 2]);
    expect(other.map((e) => [e.caseId, e.seq])).toEqual([[b.id, 1]]);
    expect(later[0]).toEqual({ ...withData, id: later[0]!.id, caseId: a.id, seq: 3 });
    expect(await store.listEvents(db, a.id)).toEqual([...first, ...later]);
    expect(await store.appendEvents(db, a.id, [], () => nextId('e'))).toEqual([]);
    const dup = db
      .insertInto('case_events')
      .values({
        ...(await db.selectFrom('case_events').selectAll().where('id', '=', first[0]!.id).executeTakeFirstOrThrow()),
        id: nextId('e'),
      })
      .execute();
    await expect(dup).rejects.toSatisfy(isUniqueViolation);
  });

  it('keeps entries in the outbox until they are marked published', async () => {
    const { db } = t.database;
    const c = sparseCase();
    await store.insertCase(db, c);
    const events = await store.appendEvents(db, c.id, [event(), event(), event()], () => nextId('e'));
    const pending = async () => (await store.unpublishedEvents(db, 10_000)).map((e) => e.id);
    expect(await pending()).toEqual(expect.arrayContaining(events.map((e) => e.id)));
    const ordered = await pending();
    expect(ordered).toEqual([...ordered].sort()); // id order: creation order for time-ordered ids
    await store.markPublished(db, [events[0]!.id, events[2]!.id]);
    const left = await pending();
    expect(left).toContain(events[1]!.id);
    expect(left).not.toContain(events[0]!.id);
    expect(left).not.toContain(events[2]!.id);
    expect((await store.unpublishedEvents(db, 1)).length).toBe(1);
    await store.markPublished(db, []);
    // Published entries are still the timeline.
    expect(await store.listEvents(db, c.id)).toEqual(events);
  });

  it('gives case codes 0001, 0002 … per jurisdiction and day', async () => {
    const { db } = t.database;
    expect(await store.nextCaseCode(db, '310101', '20261127')).toBe('310101-20261127-0001');
    expect(await store.nextCaseCode(db, '310101', '20261127')).toBe('310101-20261127-0002');
    expect(await store.nextCaseCode(db, '310101', '20261128')).toBe('310101-20261128-0001');
    expect(await store.nextCaseCode(db, '310104', '20261127')).toBe('310104-20261127-0001');
    await expect(store.nextCaseCode(db, '310101', '2026-11-27')).rejects.toThrow(/YYYYMMDD/);
    // A rolled-back transaction gives its number back.
    await expect(
      db.transaction().execute(async (trx) => {
        await store.nextCaseCode(trx, '310101', '20261127');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.nextCaseCode(db, '310101', '20261127')).toBe('310101-20261127-0003');
  });

  it('gives 10 concurrent transactions 10 distinct codes', async () => {
    const { db } = t.database;
    const codes = await Promise.all(
      Array.from({ length: 10 }, () =>
        db.transaction().execute(async (trx) => {
          const code = await store.nextCaseCode(trx, '310106', '20261201');
          // Hold the transaction a moment so the others really overlap it (on PostgreSQL).
          await new Promise((r) => setTimeout(r, 5));
          return code;
        }),
      ),
    );
    expect(new Set(codes).size).toBe(10);
    expect([...codes].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `310106-20261201-${String(i + 1).padStart(4, '0')}`));
  });

  it('stores one case per source record', async () => {
    const { db } = t.database;
    await store.insertCase(db, sparseCase({ source: 'alert', sourceRef: 'alert-1' }));
    await expect(store.insertCase(db, sparseCase({ source: 'alert', sourceRef: 'alert-1' }))).rejects.toSatisfy(isUniqueViolation);
    await store.insertCase(db, sparseCase({ source: 'hotline', sourceRef: 'alert-1' })); // another source
    await store.insertCase(db, sparseCase({ source: 'alert', sourceRef: null }));
    await store.insertCase(db, sparseCase({ source: 'alert', sourceRef: null })); // no record: no limit
    await expect(
      store.insertCase(db, sparseCase({ code: (await store.getCaseBySourceRef(db, 'alert', 'alert-1'))!.code })),
    ).rejects.toSatisfy(isUniqueViolation);
  });

  it('stores reporters once and reads them back', async () => {
    const { db } = t.database;
    const r = { id: nextId('r'), name: null, phone: '13900000000', email: null, contactNote: null, createdAt: 9 };
    expect(await store.insertReporter(db, r)).toBe(r.id);
    expect(await store.getReporter(db, r.id)).toEqual(r);
    expect(await store.getReporter(db, 'nope')).toBeUndefined();
  });
});
