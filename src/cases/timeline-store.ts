/**
 * SQL for a case's timeline, which doubles as the outbox of `cases` bus events: appending a
 * command's entries, reading them back, and marking their bus events published. Re-exported by
 * store.ts. Every function takes the database or a transaction: the service decides what runs
 * together.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { CaseEventTable } from '../platform/db/schema-cases.ts';
import { preparedQuery } from '../platform/db/prepared-query.ts';
import type { CaseEvent } from './case-types.ts';
import { eventFromRow, eventToRow } from './row-codecs.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Rows per multi-row statement or `in` list: well under both dialects' parameter limits. */
const CHUNK = 500;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

const lastSeqOf = preparedQuery((db: Executor, p: { caseId: string }) =>
  db
    .selectFrom('case_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('case_id', '=', p.caseId),
);

/** The timeline's columns, in the order a multi-row insert's parameters are named (`id_0`, `case_id_0`, `id_1` …). */
const EVENT_COLUMNS = [
  'id',
  'case_id',
  'seq',
  'type',
  'at',
  'actor_id',
  'actor_roles',
  'note',
  'attachments',
  'before',
  'after',
  'published',
] as const satisfies ReadonlyArray<keyof CaseEventTable>;
/** `EVENT_KEYS[i][j]`: the parameter name of column j of row i (made once, not per insert). */
const EVENT_KEYS: string[][] = [];
function eventKeys(i: number): string[] {
  while (EVENT_KEYS.length <= i) {
    const n = EVENT_KEYS.length;
    EVENT_KEYS.push(EVENT_COLUMNS.map((c) => `${c}_${n}`));
  }
  return EVENT_KEYS[i]!;
}
/**
 * A command's timeline entries in one statement (one prepared form per number of rows): each
 * statement run costs more than the row it adds.
 */
const insertEventRows = preparedQuery(
  (db: Executor, p: Record<string, unknown>) => {
    const n = Object.keys(p).length / EVENT_COLUMNS.length;
    const rows = Array.from({ length: n }, (_, i) => {
      const keys = eventKeys(i);
      return Object.fromEntries(EVENT_COLUMNS.map((c, j) => [c, p[keys[j]!]])) as unknown as CaseEventTable;
    });
    return db.insertInto('case_events').values(rows);
  },
  { shapeOf: (p) => String(Object.keys(p).length) },
);

/** The parameters of {@link insertEventRows} for some entries. */
function eventRowParams(events: readonly CaseEvent[]): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  for (let i = 0; i < events.length; i++) {
    const row = eventToRow(events[i]!);
    const keys = eventKeys(i);
    for (let j = 0; j < EVENT_COLUMNS.length; j++) p[keys[j]!] = row[EVENT_COLUMNS[j]!];
  }
  return p;
}

/**
 * Appends timeline entries to a case, numbering them after the last one (call it in the
 * transaction that updated the case: the version-checked update serialises writers of one
 * case, and the unique (case_id, seq) refuses any that slipped past). `lastSeq`, when the
 * caller knows it (0 for a case stored in this transaction), saves looking it up.
 * @returns the entries as stored, with id, caseId and seq.
 */
export async function appendEvents(
  db: Executor,
  caseId: string,
  events: ReadonlyArray<Omit<CaseEvent, 'id' | 'seq' | 'caseId'>>,
  newId: () => string,
  lastSeq?: number,
): Promise<CaseEvent[]> {
  if (events.length === 0) return [];
  const start = lastSeq ?? Number((await lastSeqOf.first(db, { caseId }))?.seq ?? 0);
  const stored = events.map((e, i): CaseEvent => ({ ...e, id: newId(), caseId, seq: start + i + 1 }));
  // One statement for all of them (a command appends one to three), within both dialects'
  // parameter limits for far more than any command makes.
  for (const part of chunks(stored)) await insertEventRows.run(db, eventRowParams(part));
  return stored;
}

/** A case's timeline, oldest first. */
export async function listEvents(db: Executor, caseId: string): Promise<CaseEvent[]> {
  const rows = await db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
  return rows.map(eventFromRow);
}

/** Entries whose bus events were not published yet, in id (creation) order. */
export async function unpublishedEvents(db: Executor, limit: number): Promise<CaseEvent[]> {
  const rows = await db.selectFrom('case_events').selectAll().where('published', '=', sql.lit(0)).orderBy('id').limit(limit).execute();
  return rows.map(eventFromRow);
}

/** Marks entries' bus events as published. */
export async function markPublished(db: Executor, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids)) {
    // The list is padded to one of a few lengths by repeating its last id (harmless in `in`), so
    // a few prepared statements serve every batch instead of one new statement per length.
    const size = MARK_SIZES.find((n) => n >= part.length) ?? CHUNK;
    const p: Record<string, string> = {};
    for (let i = 0; i < size; i++) p[MARK_KEYS[i]!] = part[Math.min(i, part.length - 1)]!;
    await markPublishedIn.run(db, p);
  }
}

/** The lengths of the id lists marked published in one statement. */
const MARK_SIZES = [8, 32, 128, CHUNK];
const MARK_KEYS = Array.from({ length: CHUNK }, (_, i) => `id_${i}`);
const markPublishedIn = preparedQuery(
  (db: Executor, p: Record<string, string>) =>
    db
      .updateTable('case_events')
      .set({ published: sql.lit(1) })
      .where('id', 'in', Object.values(p)),
  { shapeOf: (p) => String(Object.keys(p).length) },
);
