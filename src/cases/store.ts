/**
 * SQL for cases, reporters and human case codes; the timeline's statements are in
 * timeline-store.ts and the lists in case-list-store.ts, both re-exported here. Every function takes the database or a transaction: the service decides
 * what runs together.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { CaseTable as CaseRow } from '../platform/db/schema-cases.ts';
import { preparedQuery, type PreparedQuery } from '../platform/db/prepared-query.ts';
import type { Case, CaseSource } from './case-types.ts';
import { caseFromRow, caseToRow, reporterFromRow, reporterToRow, type CaseReporter } from './row-codecs.ts';

/** The database or a transaction on it. */
export type Executor = Kysely<DB> | Transaction<DB>;

// Case lists live in case-list-store.ts; callers reach them through this module as before.
export { countCases, listCases, pathUnder, type CaseListFilter, type CasePage } from './case-list-store.ts';
export { appendEvents, listEvents, markPublished, unpublishedEvents } from './timeline-store.ts';
import { OPEN_CASE } from './case-list-store.ts';

// The statements every case command runs, compiled once (prepared-query.ts): building and
// compiling them per call cost more CPU than running them.
const columnsOf = (row: object) => Object.keys(row).join(',');
// Every row caseToRow makes has every column (it refuses to compile otherwise), so one shape: a
// row missing one would fail loudly on its undefined value.
const insertCaseRow = preparedQuery((db: Executor, row: CaseRow) => db.insertInto('cases').values(row), { shapeOf: () => 'row' });
const caseById = preparedQuery((db: Executor, p: { id: string }) => db.selectFrom('cases').selectAll().where('id', '=', p.id));
const updateCaseRow = preparedQuery(
  (db: Executor, p: Partial<CaseRow> & { id: string; expectedVersion: number }) => {
    const { id, expectedVersion, ...set } = p;
    return db.updateTable('cases').set(set).where('id', '=', id).where('version', '=', expectedVersion);
  },
  { shapeOf: columnsOf },
);
/**
 * The row of a case object, made once: the next command compares its case with the one before,
 * which was the previous command's new case (case objects are not changed once made; cached
 * ones are frozen).
 */
const rows = new WeakMap<Case, CaseRow>();
function rowOf(c: Case): CaseRow {
  let r = rows.get(c);
  if (!r) rows.set(c, (r = caseToRow(c)));
  return r;
}

/** Stores a new case. */
export async function insertCase(db: Executor, c: Case): Promise<void> {
  await insertCaseRow.run(db, rowOf(c));
}

/** One case by id. */
export async function getCase(db: Executor, id: string): Promise<Case | undefined> {
  const r = await caseById.first(db, { id });
  return r && caseFromRow(r);
}

/** The stored version of a case (undefined if there is no such case). */
export async function getCaseVersion(db: Executor, id: string): Promise<number | undefined> {
  return (await caseVersion.first(db, { id }))?.version;
}

const caseVersion = preparedQuery((db: Executor, p: { id: string }) => db.selectFrom('cases').select('version').where('id', '=', p.id));

/** One case by its human code. */
export async function getCaseByCode(db: Executor, code: string): Promise<Case | undefined> {
  const r = await db.selectFrom('cases').selectAll().where('code', '=', code).executeTakeFirst();
  return r && caseFromRow(r);
}

/** The case made from a source record (alert, work order …), if any. */
export async function getCaseBySourceRef(db: Executor, source: CaseSource, ref: string): Promise<Case | undefined> {
  const r = await db.selectFrom('cases').selectAll().where('source', '=', source).where('source_ref', '=', ref).executeTakeFirst();
  return r && caseFromRow(r);
}

/**
 * Writes a changed case if its stored version is still `expectedVersion` (optimistic
 * concurrency); false when someone else changed it first (or it does not exist).
 *
 * Given `previous` (the case as read at `expectedVersion`), only the columns that differ from it
 * are written, plus `updated_at` and `version`: a command changes a few fields, and every
 * column named in the SET makes both engines rewrite each index on it (the cases table has a
 * dozen), even when the value stays the same. The version check still guards the whole row.
 */
export async function updateCase(db: Executor, c: Case, expectedVersion: number, previous?: Case): Promise<boolean> {
  const { id, ...fields } = rowOf(c);
  const set = previous ? changedColumns(rowOf(previous), fields) : fields;
  return (await updateCaseRow.changes(db, { ...set, id, expectedVersion })) > 0;
}

/** The columns of `next` whose values differ from `before`, always with the bookkeeping ones. */
function changedColumns(before: CaseRow, next: Omit<CaseRow, 'id'>): Partial<CaseRow> {
  const out: Partial<Record<keyof CaseRow, unknown>> = { updated_at: next.updated_at, version: next.version };
  // Row values are strings, numbers and nulls (JSON as text), so !== is exact.
  for (const column of Object.keys(next) as (keyof typeof next)[]) if (before[column] !== next[column]) out[column] = next[column];
  return out as Partial<CaseRow>;
}

/**
 * The next human case code for a jurisdiction and local date, e.g. `310101-20261127-0042`.
 * One atomic upsert: concurrent transactions queue on the prefix's row and each gets its own
 * number (a rolled-back transaction gives its number back).
 */
export async function nextCaseCode(db: Executor, jurisdictionCode: string, localDate: string): Promise<string> {
  if (!/^\d{8}$/.test(localDate)) throw new Error(`case code: local date must be YYYYMMDD, got ${JSON.stringify(localDate)}`);
  if (!/^[A-Za-z0-9]+$/.test(jurisdictionCode)) throw new Error(`case code: bad jurisdiction code ${JSON.stringify(jurisdictionCode)}`);
  const prefix = `${jurisdictionCode}-${localDate}`;
  const r = await nextCodeSeq.first(db, { prefix });
  if (!r) throw new Error(`case code: no sequence number for ${prefix}`);
  return `${prefix}-${String(r.last).padStart(4, '0')}`;
}

const nextCodeSeq = preparedQuery((db: Executor, p: { prefix: string }) =>
  db
    .insertInto('case_code_seq')
    .values({ prefix: p.prefix, last: 1 })
    .onConflict((oc) => oc.column('prefix').doUpdateSet((eb) => ({ last: eb('case_code_seq.last', '+', 1) })))
    .returning('last'),
);

/** Where to look for open cases a new report may repeat. */
export interface NearQuery {
  category: string;
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
  /** Only cases reported at or after this time. */
  since: number;
  /** The new report itself, when it is already stored. */
  excludeId?: string;
  limit: number;
}

/** Open cases of a category inside a box, newest first (the service ranks them by distance). */
export async function findOpenNear(db: Executor, n: NearQuery): Promise<Case[]> {
  const { excludeId, limit, ...box } = n;
  const q = openNearQuery(limit, excludeId !== undefined);
  return (await q.rows(db, excludeId === undefined ? box : { ...box, excludeId })).map(caseFromRow);
}

type NearParams = Omit<NearQuery, 'limit'>;
const openNearQueries = new Map<string, PreparedQuery<DB, NearParams, CaseRow>>();

/**
 * The duplicate search, prepared (intake runs it for most reports) per limit and whether a case
 * is excluded. The limit is written into the SQL: SQLite's planner reads a bound LIMIT, so the
 * statement would be prepared again on every run (measured: 70 µs instead of 3).
 */
function openNearQuery(limit: number, excluding: boolean): PreparedQuery<DB, NearParams, CaseRow> {
  const key = `${limit}:${excluding}`;
  let q = openNearQueries.get(key);
  if (!q)
    openNearQueries.set(
      key,
      (q = preparedQuery((db: Executor, n: NearParams) => {
        let s = db
          .selectFrom('cases')
          .selectAll()
          .where(OPEN_CASE)
          .where('category', '=', n.category)
          .where('lat', '>=', n.minLat)
          .where('lat', '<=', n.maxLat)
          .where('lon', '>=', n.minLon)
          .where('lon', '<=', n.maxLon)
          .where('reported_at', '>=', n.since);
        if (excluding) s = s.where('id', '<>', n.excludeId!);
        return s
          .orderBy('reported_at', 'desc')
          .orderBy('id', 'desc')
          .limit(sql.lit(Math.trunc(limit)));
      })),
    );
  return q;
}

/** Stores a reporter's contact; returns its id (for the case's `reporterId`). */
export async function insertReporter(db: Executor, r: CaseReporter): Promise<string> {
  await db.insertInto('case_reporters').values(reporterToRow(r)).execute();
  return r.id;
}

/** One reporter by id. */
export async function getReporter(db: Executor, id: string): Promise<CaseReporter | undefined> {
  const r = await db.selectFrom('case_reporters').selectAll().where('id', '=', id).executeTakeFirst();
  return r && reporterFromRow(r);
}
