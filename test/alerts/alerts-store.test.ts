/**
 * Storage contract for the alerts tables, on every available dialect: the columns of
 * schema-alerts.ts with their nullability; batched upserts that round-trip every field; the
 * unique index that refuses a second active alert for one (rule, subject) even when the
 * service is bypassed; latest-signal lookups; filtered, scoped, cursor-paged listing; the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableMetadata } from 'kysely';
import type { AlertsTables } from '../../src/platform/db/schema-alerts.ts';
import * as store from '../../src/alerts/store.ts';
import { listAlerts } from '../../src/alerts/list-store.ts';
import { decodeCursor, type AlertListQuery } from '../../src/alerts/list-model.ts';
import { alertKey } from '../../src/alerts/model.ts';
import type { AlertHistoryEntry } from '../../src/alerts/alert-record.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { alert } from './fixtures.ts';

const COLUMNS: { [T in keyof AlertsTables]: Array<keyof AlertsTables[T]> } = {
  alerts: [
    'id',
    'rule_id',
    'subject_key',
    'device_id',
    'level',
    'state',
    'active',
    'category',
    'message',
    'value',
    'jurisdiction_path',
    'jurisdiction_id',
    'lon',
    'lat',
    'details',
    'raised_at',
    'updated_at',
    'last_signal_ts',
    'received_at',
    'acknowledged_at',
    'acknowledged_by',
    'ended_at',
    'ended_by',
    'close_note',
    'policy_id',
    'requested_actions',
    'version',
  ],
  alert_history: ['id', 'alert_id', 'seq', 'type', 'at', 'event_ts', 'level', 'from_level', 'actor_id', 'note', 'value', 'published_at'],
  alert_actions: ['id', 'alert_id', 'event_id', 'policy_id', 'action', 'payload', 'created_at'],
  alert_policies: ['id', 'jurisdiction_id', 'position', 'name', 'enabled', 'match', 'actions', 'updated_at', 'updated_by'],
};
const NULLABLE: { [T in keyof AlertsTables]: Array<keyof AlertsTables[T]> } = {
  alerts: [
    'device_id',
    'category',
    'jurisdiction_id',
    'lon',
    'lat',
    'acknowledged_at',
    'acknowledged_by',
    'ended_at',
    'ended_by',
    'close_note',
    'policy_id',
  ],
  alert_history: ['event_ts', 'from_level', 'actor_id', 'note', 'published_at'],
  alert_actions: [],
  alert_policies: ['updated_by'],
};

function entry(seq: number, over: Partial<AlertHistoryEntry> = {}): AlertHistoryEntry {
  return {
    id: `h-${Math.random().toString(36).slice(2)}-${seq}`,
    seq,
    type: 'raised',
    at: 1000 + seq,
    eventTs: 1000 + seq,
    level: 'yellow',
    fromLevel: null,
    actorId: null,
    note: null,
    value: 1,
    ...over,
  };
}

function query(over: Partial<AlertListQuery> = {}): AlertListQuery {
  return { scopePath: '/', jurisdictionPath: null, levels: [], states: [], ruleId: null, since: null, cursor: null, limit: 50, ...over };
}

describe.each(availableDialects())('alerts storage on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.cleanup());

  it('has exactly the columns of schema-alerts.ts, with their nullability', async () => {
    const all: TableMetadata[] = await t.database.db.introspection.getTables();
    for (const table of Object.keys(COLUMNS) as Array<keyof AlertsTables>) {
      const m = all.find((x) => x.name === table && (t.schema === null || x.schema === t.schema));
      expect(m, table).toBeDefined();
      expect(m!.columns.map((c) => c.name).sort(), table).toEqual([...COLUMNS[table]].map(String).sort());
      const nullable = m!.columns.filter((c) => c.isNullable).map((c) => c.name);
      expect(nullable.sort(), table).toEqual([...NULLABLE[table]].map(String).sort());
    }
  });

  it('upserts a batch and reads every field back; a changed alert overwrites its row', async () => {
    const { db } = t.database;
    const a = alert({ value: true, location: null, details: { detectionType: 'falling_object', floor: 12, ok: false, none: null } });
    const b = alert({ level: 'red', value: null, jurisdictionId: null });
    await store.upsertAlerts(db, [a, b]);
    expect(await store.getAlert(db, a.id)).toEqual(a);
    expect(await store.getAlert(db, b.id)).toEqual(b);
    const acked = {
      ...a,
      state: 'acknowledged' as const,
      acknowledgedAt: 5,
      acknowledgedBy: 'u',
      version: 2,
      requestedActions: ['create_case'],
    };
    await store.upsertAlerts(db, [acked]);
    expect(await store.getAlert(db, a.id)).toEqual(acked);
  });

  it('refuses a second active alert for one key, and accepts an ended one and a new one in one batch', async () => {
    const { db } = t.database;
    const first = alert({ ruleId: 'r-unique', subjectKey: 's' });
    await store.upsertAlerts(db, [first]);
    await expect(store.upsertAlerts(db, [alert({ ruleId: 'r-unique', subjectKey: 's' })])).rejects.toThrow();
    // The batch lists the new alert first; the store writes the ended one first.
    const next = alert({ ruleId: 'r-unique', subjectKey: 's' });
    await store.upsertAlerts(db, [next, { ...first, state: 'cleared', endedAt: 9 }]);
    expect((await store.getAlert(db, first.id))?.state).toBe('cleared');
    expect((await store.loadActive(db)).filter((x) => x.ruleId === 'r-unique').map((x) => x.id)).toEqual([next.id]);
  });

  it('finds the latest signal time per key, recent ones and asked-for ones', async () => {
    const { db } = t.database;
    const old = alert({ ruleId: 'r-ts', subjectKey: 'old', lastSignalTs: 10, state: 'cleared' });
    const older = alert({ ruleId: 'r-ts', subjectKey: 'old', lastSignalTs: 5, state: 'closed' });
    const recent = alert({ ruleId: 'r-ts', subjectKey: 'new', lastSignalTs: 9e12 });
    await store.upsertAlerts(db, [old, older, recent]);
    const since = await store.lastSignalsSince(db, 8e12);
    expect(since.get(alertKey('r-ts', 'new'))).toBe(9e12);
    expect(since.has(alertKey('r-ts', 'old'))).toBe(false);
    const asked = await store.lastSignalsOf(db, [
      { ruleId: 'r-ts', subjectKey: 'old' },
      { ruleId: 'r-ts', subjectKey: 'none' },
    ]);
    expect([...asked]).toEqual([[alertKey('r-ts', 'old'), 10]]);
  });

  it('appends history and actions, and keeps unpublished entries until marked', async () => {
    const { db } = t.database;
    const a = alert({ version: 2 });
    await store.upsertAlerts(db, [a]);
    const e1 = entry(1);
    const e2 = entry(2, {
      type: 'level_changed',
      fromLevel: 'yellow',
      level: 'red',
      value: false,
      eventTs: null,
      actorId: 'u',
      note: '注',
    });
    await store.insertHistory(db, [
      { alertId: a.id, entry: e1 },
      { alertId: a.id, entry: e2 },
    ]);
    await store.insertActions(
      db,
      [
        {
          eventId: e1.id,
          request: {
            id: 'act-1',
            alertId: a.id,
            policyId: 'p',
            policyName: 'P',
            jurisdictionId: 'nj',
            jurisdictionPath: '/city/hp/nj/',
            action: 'notify_only',
          },
        },
      ],
      7,
    );
    expect(await store.historyOf(db, a.id)).toEqual([e1, e2]);
    expect((await store.actionsOf(db, a.id)).map((x) => x.id)).toEqual(['act-1']);
    expect((await store.actionsOfEvents(db, [e1.id, e2.id])).get(e1.id)?.length).toBe(1);
    const pendingIds = async () => (await store.unpublished(db, 1000)).map((x) => x.entry.id);
    expect(await pendingIds()).toEqual(expect.arrayContaining([e1.id, e2.id]));
    await store.markPublished(db, [e1.id, e2.id], 99);
    expect(await pendingIds()).not.toContain(e1.id);
    await expect(store.insertHistory(db, [{ alertId: a.id, entry: entry(2) }]), 'seq is unique per alert').rejects.toThrow();
  });

  it('lists within the scope with filters, newest first, page by page', async () => {
    const { db } = t.database;
    const base = 2e12;
    const rows = Array.from({ length: 25 }, (_, i) =>
      alert({
        ruleId: i % 2 ? 'list-a' : 'list-b',
        level: i % 3 === 0 ? 'red' : 'yellow',
        state: i % 4 === 0 ? 'cleared' : 'raised',
        raisedAt: base + Math.floor(i / 2), // ties on raisedAt break by id
        jurisdictionPath: i < 20 ? '/L/hp/nj/' : '/L/pd/x/',
      }),
    );
    await store.upsertAlerts(db, rows);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listAlerts(db, query({ scopePath: '/L/hp/', limit: 6, cursor: cursor ? decodeCursor(cursor) : null }));
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = rows
      .filter((r) => r.jurisdictionPath.startsWith('/L/hp/'))
      .sort((x, y) => y.raisedAt - x.raisedAt || (y.id < x.id ? -1 : 1))
      .map((r) => r.id);
    expect(seen).toEqual(expected);
    const filtered = await listAlerts(
      db,
      query({ scopePath: '/L/', levels: ['red'], states: ['raised'], ruleId: 'list-a', since: base + 3 }),
    );
    expect(filtered.items.map((a) => a.id).sort()).toEqual(
      rows
        .filter((r) => r.level === 'red' && r.state === 'raised' && r.ruleId === 'list-a' && r.raisedAt >= base + 3)
        .map((r) => r.id)
        .sort(),
    );
    expect((await listAlerts(db, query({ scopePath: '/L/', jurisdictionPath: '/L/pd/' }))).items).toHaveLength(5);
    expect((await listAlerts(db, query({ scopePath: '/L/h_/' }))).items, 'an underscore in a scope is no wildcard').toHaveLength(0);
  });
});
