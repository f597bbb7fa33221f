/**
 * SQL for lists of cases: the filtered, cursor-paged list behind the work queues and the case
 * list, and counts by subtree. Re-exported by store.ts.
 */
import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { invalid } from '../platform/errors.ts';
import { FINAL_STATES, type Case, type CaseSource, type CaseState } from './case-types.ts';
import { caseFromRow, decodeCaseCursor, encodeCaseCursor } from './row-codecs.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * `column` lies in the subtree `prefix` (a materialized path ending in `/`), written as a
 * B-tree range `>= prefix AND < successor` rather than LIKE so both dialects use the index;
 * path columns compare byte-wise (migration 0005), where the range is exactly the prefix test.
 * @example pathUnder('jurisdiction_path', '/a/b/') // '/a/b/c/' yes, '/a/b1/' no
 */
export function pathUnder(column: string, prefix: string): Expression<SqlBool> {
  const points = Array.from(prefix);
  const last = points.pop()?.codePointAt(0);
  if (last === undefined) return sql<boolean>`1 = 1`;
  const ref = sql.ref(column);
  // No character sorts after U+10FFFF: then every string from the prefix on has it.
  if (last === 0x10ffff) return sql<boolean>`${ref} >= ${prefix}`;
  const next = last === 0xd7ff ? 0xe000 : last + 1;
  return sql<boolean>`(${ref} >= ${prefix} and ${ref} < ${points.join('') + String.fromCodePoint(next)})`;
}

/**
 * The open-case predicate with literal states, spelled as in the partial indexes of migrations
 * 0005 and 0016 so the planners can match them (a bound parameter would not match).
 */
export const OPEN_CASE = sql<boolean>`state not in (${sql.join(FINAL_STATES.map((s) => sql.lit(s)))})`;

/** What a case list asks for (already validated and narrowed to the caller's scope). */
export interface CaseListFilter {
  /** The caller's scope: only cases whose jurisdiction lies in this subtree. */
  scopePath: string;
  states?: readonly CaseState[];
  unitId?: string;
  centreId?: string;
  /** Only cases whose centre's jurisdiction lies in this subtree. */
  centrePathPrefix?: string;
  category?: string;
  source?: CaseSource;
  /** True: the running step is past due and not paused; false: anything else. */
  overdue?: boolean;
  /** For `overdue`. */
  now: number;
  /** Reported at or after (epoch ms). */
  reportedFrom?: number;
  /** Reported before (epoch ms). */
  reportedTo?: number;
  /** The opaque `nextCursor` of the previous page; a cursor this module did not make is refused (400). */
  cursor?: string | null;
  limit: number;
}

/** A page of cases and the cursor of the next one (null on the last page). */
export interface CasePage {
  items: Case[];
  nextCursor: string | null;
}

/** One page of cases matching the filter, newest report first. */
export async function listCases(db: Executor, f: CaseListFilter): Promise<CasePage> {
  let q = db.selectFrom('cases').selectAll().where(pathUnder('jurisdiction_path', f.scopePath));
  if (f.states && f.states.length > 0) {
    q = q.where('state', 'in', f.states);
    // Said again for the planners: the state indexes hold open cases only (migration 0016).
    if (f.states.every((s) => !(FINAL_STATES as readonly CaseState[]).includes(s))) q = q.where(OPEN_CASE);
  }
  if (f.unitId !== undefined) q = q.where('unit_id', '=', f.unitId);
  if (f.centreId !== undefined) q = q.where('centre_id', '=', f.centreId);
  if (f.centrePathPrefix !== undefined) q = q.where(pathUnder('centre_path', f.centrePathPrefix));
  if (f.category !== undefined) q = q.where('category', '=', f.category);
  if (f.source !== undefined) q = q.where('source', '=', f.source);
  if (f.reportedFrom !== undefined) q = q.where('reported_at', '>=', f.reportedFrom);
  if (f.reportedTo !== undefined) q = q.where('reported_at', '<', f.reportedTo);
  if (f.overdue === true) q = q.where('step_due_at', '<', f.now).where('step_paused_remaining_ms', 'is', null);
  if (f.overdue === false)
    q = q.where((eb) =>
      eb.or([eb('step_due_at', 'is', null), eb('step_due_at', '>=', f.now), eb('step_paused_remaining_ms', 'is not', null)]),
    );
  const c = f.cursor ? decodeCaseCursor(f.cursor) : null;
  if (f.cursor && !c) throw invalid('cursor', 'not a cursor of this list');
  if (c)
    q = q.where((eb) => eb.or([eb('reported_at', '<', c.reportedAt), eb.and([eb('reported_at', '=', c.reportedAt), eb('id', '<', c.id)])]));
  const rows = await q
    .orderBy('reported_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const items = rows.slice(0, f.limit).map(caseFromRow);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > f.limit && last ? encodeCaseCursor({ reportedAt: last.reportedAt, id: last.id }) : null };
}

/** How many cases lie in a subtree. */
export async function countCases(db: Executor, scopePath: string): Promise<number> {
  const r = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(pathUnder('jurisdiction_path', scopePath))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
