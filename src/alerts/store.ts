/**
 * SQL for alerts, their history, requested actions and policies. Writes come in batches:
 * multi-row upserts and inserts, never a statement per alert.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { AlertHistoryTable, AlertTable } from '../platform/db/schema-alerts.ts';
import type { WarningLevel } from '../rules/signal-model.ts';
import { alertKey, isActive, type Alert, type AlertHistoryEntry, type AlertState, type HistoryType } from './model.ts';
import type { AlertActionRequest } from './event-model.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Rows per multi-row statement: well under both dialects' bound-parameter limits. */
const CHUNK = 400;

/** Splits rows into groups for multi-row statements. */
export function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function parseValue(text: string): number | boolean | null {
  const v: unknown = JSON.parse(text);
  return typeof v === 'number' || typeof v === 'boolean' ? v : null;
}

/** Row → Alert. */
export function toAlert(r: Selectable<AlertTable>): Alert {
  return {
    id: r.id,
    ruleId: r.rule_id,
    subjectKey: r.subject_key,
    deviceId: r.device_id,
    level: r.level as WarningLevel,
    state: r.state as AlertState,
    category: r.category,
    message: r.message,
    value: parseValue(r.value),
    jurisdictionPath: r.jurisdiction_path,
    jurisdictionId: r.jurisdiction_id,
    location: r.lon !== null && r.lat !== null ? [r.lon, r.lat] : null,
    details: JSON.parse(r.details) as Alert['details'],
    raisedAt: r.raised_at,
    updatedAt: r.updated_at,
    lastSignalTs: r.last_signal_ts,
    receivedAt: r.received_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    endedAt: r.ended_at,
    endedBy: r.ended_by,
    closeNote: r.close_note,
    policyId: r.policy_id,
    requestedActions: JSON.parse(r.requested_actions) as string[],
    version: r.version,
  };
}

function alertRow(a: Alert): AlertTable {
  return {
    id: a.id,
    rule_id: a.ruleId,
    subject_key: a.subjectKey,
    device_id: a.deviceId,
    level: a.level,
    state: a.state,
    active: isActive(a) ? 1 : 0,
    category: a.category,
    message: a.message,
    value: JSON.stringify(a.value),
    jurisdiction_path: a.jurisdictionPath,
    jurisdiction_id: a.jurisdictionId,
    lon: a.location?.[0] ?? null,
    lat: a.location?.[1] ?? null,
    details: JSON.stringify(a.details),
    raised_at: a.raisedAt,
    updated_at: a.updatedAt,
    last_signal_ts: a.lastSignalTs,
    received_at: a.receivedAt,
    acknowledged_at: a.acknowledgedAt,
    acknowledged_by: a.acknowledgedBy,
    ended_at: a.endedAt,
    ended_by: a.endedBy,
    close_note: a.closeNote,
    policy_id: a.policyId,
    requested_actions: JSON.stringify(a.requestedActions),
    version: a.version,
  };
}

/** Columns an upsert overwrites: everything but the identity of the alert. */
const MUTABLE = [
  'level',
  'state',
  'active',
  'category',
  'message',
  'value',
  'details',
  'updated_at',
  'last_signal_ts',
  'acknowledged_at',
  'acknowledged_by',
  'ended_at',
  'ended_by',
  'close_note',
  'policy_id',
  'requested_actions',
  'version',
] as const;

/**
 * Writes alerts (new or changed) in multi-row upserts. Ended alerts go first so that a key whose
 * alert ended and re-opened in one batch never shows two active rows to the unique index.
 */
export async function upsertAlerts(db: Executor, alerts: readonly Alert[]): Promise<void> {
  const ordered = [...alerts.filter((a) => !isActive(a)), ...alerts.filter(isActive)];
  const firstActive = ordered.findIndex(isActive);
  const groups = firstActive <= 0 ? [ordered] : [ordered.slice(0, firstActive), ordered.slice(firstActive)];
  for (const group of groups) {
    for (const part of chunks(group)) {
      if (part.length === 0) continue;
      await db
        .insertInto('alerts')
        .values(part.map(alertRow))
        .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(MUTABLE.map((c) => [c, eb.ref(`excluded.${c}`)]))))
        .execute();
    }
  }
}

function historyRow(alertId: string, e: AlertHistoryEntry): AlertHistoryTable {
  return {
    id: e.id,
    alert_id: alertId,
    seq: e.seq,
    type: e.type,
    at: e.at,
    event_ts: e.eventTs,
    level: e.level,
    from_level: e.fromLevel,
    actor_id: e.actorId,
    note: e.note,
    value: JSON.stringify(e.value),
    published_at: null,
  };
}

/** Row → history entry. */
export function toEntry(r: Selectable<AlertHistoryTable>): AlertHistoryEntry {
  return {
    id: r.id,
    seq: r.seq,
    type: r.type as HistoryType,
    at: r.at,
    eventTs: r.event_ts,
    level: r.level as WarningLevel,
    fromLevel: r.from_level as WarningLevel | null,
    actorId: r.actor_id,
    note: r.note,
    value: parseValue(r.value),
  };
}

/** Appends history entries in multi-row inserts. */
export async function insertHistory(db: Executor, entries: ReadonlyArray<{ alertId: string; entry: AlertHistoryEntry }>): Promise<void> {
  for (const part of chunks(entries)) {
    await db
      .insertInto('alert_history')
      .values(part.map((x) => historyRow(x.alertId, x.entry)))
      .execute();
  }
}

/** Stores action requests (the cases module consumes them from the bus; until then they wait here). */
export async function insertActions(
  db: Executor,
  requests: ReadonlyArray<{ eventId: string; request: AlertActionRequest }>,
  now: number,
): Promise<void> {
  for (const part of chunks(requests)) {
    await db
      .insertInto('alert_actions')
      .values(
        part.map(({ eventId, request }) => ({
          id: request.id,
          alert_id: request.alertId,
          event_id: eventId,
          policy_id: request.policyId,
          action: request.action,
          payload: JSON.stringify(request),
          created_at: now,
        })),
      )
      .execute();
  }
}

/** Every active alert, for the in-memory index. */
export async function loadActive(db: Executor): Promise<Alert[]> {
  return (await db.selectFrom('alerts').selectAll().where('active', '=', 1).execute()).map(toAlert);
}

/** The latest signal time per key among alerts whose latest signal is at or after `since`. */
export async function lastSignalsSince(db: Executor, since: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('alerts')
    .select(['rule_id', 'subject_key', (eb) => eb.fn.max('last_signal_ts').as('ts')])
    .where('last_signal_ts', '>=', since)
    .groupBy(['rule_id', 'subject_key'])
    .execute();
  return new Map(rows.map((r) => [alertKey(r.rule_id, r.subject_key), Number(r.ts)]));
}

/** The latest signal time of each given key that has any alert. */
export async function lastSignalsOf(
  db: Executor,
  keys: ReadonlyArray<{ ruleId: string; subjectKey: string }>,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(keys)) {
    const rows = await db
      .selectFrom('alerts')
      .select(['rule_id', 'subject_key', (eb) => eb.fn.max('last_signal_ts').as('ts')])
      .where((eb) =>
        eb(
          eb.refTuple('rule_id', 'subject_key'),
          'in',
          part.map((k) => eb.tuple(k.ruleId, k.subjectKey)),
        ),
      )
      .groupBy(['rule_id', 'subject_key'])
      .execute();
    for (const r of rows) out.set(alertKey(r.rule_id, r.subject_key), Number(r.ts));
  }
  return out;
}

/** How many alerts each rule raised in [from, to) (by raise time), for published figures. */
export async function raisedCountsByRule(db: Executor, from: number, to: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('alerts')
    .select(['rule_id', (eb) => eb.fn.countAll().as('n')])
    .where('raised_at', '>=', from)
    .where('raised_at', '<', to)
    .groupBy('rule_id')
    .execute();
  return new Map(rows.map((r) => [r.rule_id, Number(r.n)]));
}

/** One alert by id. */
export async function getAlert(db: Executor, id: string): Promise<Alert | undefined> {
  const r = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toAlert(r) : undefined;
}

/** An alert's history, oldest first. */
export async function historyOf(db: Executor, alertId: string): Promise<AlertHistoryEntry[]> {
  return (await db.selectFrom('alert_history').selectAll().where('alert_id', '=', alertId).orderBy('seq').execute()).map(toEntry);
}

/** The actions requested for an alert, oldest first. */
export async function actionsOf(db: Executor, alertId: string): Promise<AlertActionRequest[]> {
  const rows = await db.selectFrom('alert_actions').select('payload').where('alert_id', '=', alertId).orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.payload) as AlertActionRequest);
}

/** Marks history entries' events as published. */
export async function markPublished(db: Executor, entryIds: readonly string[], at: number): Promise<void> {
  for (const part of chunks(entryIds, 1000)) {
    await db.updateTable('alert_history').set({ published_at: at }).where('id', 'in', part).execute();
  }
}

/** History entries whose events were not published yet, oldest first, with their alert's id. */
export async function unpublished(db: Executor, limit: number): Promise<Array<{ alertId: string; entry: AlertHistoryEntry }>> {
  const rows = await db.selectFrom('alert_history').selectAll().where('published_at', 'is', null).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ alertId: r.alert_id, entry: toEntry(r) }));
}

/** The actions requested with given events, by event id. */
export async function actionsOfEvents(db: Executor, eventIds: readonly string[]): Promise<Map<string, AlertActionRequest[]>> {
  const out = new Map<string, AlertActionRequest[]>();
  for (const part of chunks(eventIds, 1000)) {
    const rows = await db.selectFrom('alert_actions').select(['event_id', 'payload']).where('event_id', 'in', part).orderBy('id').execute();
    for (const r of rows) out.set(r.event_id, [...(out.get(r.event_id) ?? []), JSON.parse(r.payload) as AlertActionRequest]);
  }
  return out;
}

/** Alerts by id. */
export async function getAlerts(db: Executor, ids: readonly string[]): Promise<Map<string, Alert>> {
  const out = new Map<string, Alert>();
  for (const part of chunks(ids, 1000)) {
    for (const r of await db.selectFrom('alerts').selectAll().where('id', 'in', part).execute()) out.set(r.id, toAlert(r));
  }
  return out;
}
