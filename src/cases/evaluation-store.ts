/**
 * The evaluation's SQL: per-group {@link IndicatorCounts} over a period, counted by the database
 * with `SUM(CASE …)` in one pass over the scope's cases, plus one narrow query for handling
 * times. The formulas live in evaluation-model.ts; this file only counts.
 *
 * Rows read: the scope is one B-tree range on `jurisdiction_path` (byte-wise collation, see
 * migration 0005), so a district's month touches that district's cases only. Within it, a case
 * can matter to the period only if it was reported before the period ends and is either still
 * open or changed since the period began (every milestone updates `updated_at`): that filter
 * keeps years of closed history out of the sums.
 *
 * Grouping: the SQL groups by the raw column (`unit_id`, `centre_id`, `category`, `source`, or the full
 * `jurisdiction_path`) and jurisdiction groups at a depth are rolled up here by path prefix.
 * That needs no `substr` arithmetic on segment lengths (path segments are ids or codes of any
 * length) and costs one row per distinct community, a few thousand at most city-wide.
 *
 * Handling time is counted in working time (the calendar's), not wall-clock time, because the
 * limits it is read against are working hours: a case dispatched on Friday at 17:00 and handled
 * on Monday at 09:30 took 2 working hours, not 64.5. The calendar cannot be expressed in SQL,
 * so the (dispatch, report-back) pairs of the cases handled in the period are read and summed
 * here: one small row per handled case, a few thousand for a district's month.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { CHINA_WORKING_CALENDAR } from './calendar-data.ts';
import { workingTimeBetween, type WorkingCalendar } from './calendar-model.ts';
import { FINAL_STATES } from './case-types.ts';
import { addCounts, zeroCounts, type EvaluationGroupBy, type IndicatorCounts } from './evaluation-model.ts';

/** What to count. */
export interface AggregateQuery {
  /** Period [from, to), epoch ms. */
  from: number;
  to: number;
  /** The present: a period still running ends now for "pending at period end", and a due time after now has no outcome yet. */
  now: number;
  /** Materialized path of the scope (`/city/district/`); `/` for the whole platform. */
  scopePath: string;
  groupBy: EvaluationGroupBy;
  /**
   * For `jurisdiction`: the depth to group at (a path's number of segments: `/city/` is 1).
   * Default: one below the scope (a district's streets). Cases located above that depth form
   * groups of their own path.
   */
  jurisdictionDepth?: number;
  /** Calendar for handling working time; default the China working calendar. */
  calendar?: WorkingCalendar;
}

/** One group's counts. `groupKey` is the unit id, centre id, category code, source, or jurisdiction path prefix; null for cases with no unit. */
export interface IndicatorRow {
  groupKey: string | null;
  counts: IndicatorCounts;
}

type Counted = Exclude<keyof IndicatorCounts, 'handlingMsSum' | 'handlingCount'>;

const GROUP_COLUMN = {
  unit: 'unit_id',
  centre: 'centre_id',
  category: 'category',
  source: 'source',
  jurisdiction: 'jurisdiction_path',
} as const;

// Literals, not parameters: the states are constants and a literal list reads plainly in query plans.
const FINAL = sql.raw(`(${FINAL_STATES.map((s) => `'${s}'`).join(', ')})`);

/**
 * Each count's condition. `p`/`q` bound the period, `e` is its end as far as it has happened
 * (min(to, now)), `n` is now. Every subset condition includes its whole's (returned ⊆
 * dispatched …) so the model's rates stay shares.
 */
function conditions(p: number, q: number, e: number, n: number): Record<Counted, RawBuilder<unknown>> {
  const inP = (col: string) => sql`${sql.ref(col)} >= ${p} and ${sql.ref(col)} < ${q}`;
  const dispatched = inP('first_dispatched_at');
  const handled = inP('handled_at');
  const filed = inP('filed_at');
  // Handled: due at handle_due_at. Not yet handled: due when the running handle step is, counted
  // only once that time has passed (before, the unit may still make it). Parked clocks are paused.
  const dueHandled = sql`handled_at is not null and ${inP('handle_due_at')}`;
  const dueOpen = sql`handled_at is null and state in ('dispatched', 'accepted') and step_name = 'handle' and ${inP('step_due_at')} and step_due_at < ${n}`;
  const closed = sql`${filed} and closed_at is not null and closed_at < ${q}`;
  // Open at e: reported by then and either still open, or closed only afterwards.
  const pending = sql`reported_at < ${e} and (state not in ${FINAL} or (state = 'closed' and closed_at >= ${e}))`;
  // Overdue at e: its step then was running past due. Known exactly for the step still running
  // (it started before e); for a case reported back after e, its handle step was the one running.
  const overdue = sql`(state not in ${FINAL} and state <> 'parked' and step_started_at < ${e} and step_due_at < ${e}) or (handled_at >= ${e} and handle_due_at < ${e})`;
  return {
    reported: sql`reported_at >= ${p}`,
    filed,
    dispatched,
    returned: sql`${dispatched} and return_count > 0`,
    handled,
    handledOnTime: sql`${dueHandled} and handled_on_time = 1`,
    dueInPeriod: sql`(${dueHandled}) or (${dueOpen})`,
    closed,
    closedOnTime: sql`${closed} and closed_on_time = 1`,
    reworked: sql`${handled} and rework_count > 0`,
    extended: sql`${dispatched} and extension_count > 0`,
    pendingOverdue: sql`(${pending}) and (${overdue})`,
    pending,
  };
}

/**
 * Counts the indicators of every group with cases in the scope, sorted by group key (no-unit last).
 * @example await aggregateIndicators(db, { from, to, now, scopePath: district.path, groupBy: 'unit' })
 */
export async function aggregateIndicators(db: Kysely<DB>, q: AggregateQuery): Promise<IndicatorRow[]> {
  checkQuery(q);
  const column = GROUP_COLUMN[q.groupBy];
  const end = Math.min(q.to, q.now);
  const [lo, hi] = pathRange(q.scopePath);
  const conds = conditions(q.from, q.to, end, q.now);
  const sums = (Object.keys(conds) as Counted[]).map((k) => sql<number>`sum(case when ${conds[k]} then 1 else 0 end)`.as(k));
  const rows = await db
    .selectFrom('cases')
    .select([sql.ref<string | null>(column).as('k'), ...sums])
    .where('jurisdiction_path', '>=', lo)
    .where('jurisdiction_path', '<', hi)
    .where('reported_at', '<', q.to)
    .where(sql<boolean>`(state not in ${FINAL} or updated_at >= ${q.from})`)
    .groupBy(column)
    .execute();

  const keyOf = groupKeyOf(q);
  const groups = new Map<string | null, IndicatorCounts>();
  const counts = (k: string | null) => {
    let c = groups.get(k);
    if (!c) groups.set(k, (c = zeroCounts()));
    return c;
  };
  for (const r of rows) {
    const c = zeroCounts();
    for (const k of Object.keys(conds) as Counted[]) c[k] = Number(r[k] ?? 0);
    addCounts(counts(keyOf(r.k)), c);
  }

  const cal = q.calendar ?? CHINA_WORKING_CALENDAR;
  const handled = await db
    .selectFrom('cases')
    .select([sql.ref<string | null>(column).as('k'), 'dispatched_at', 'handled_at'])
    .where('jurisdiction_path', '>=', lo)
    .where('jurisdiction_path', '<', hi)
    // Implied by the handled_at range (every milestone moves updated_at); stated so that an index
    // on (path, updated_at) can skip the older cases without reading them.
    .where('updated_at', '>=', q.from)
    .where('handled_at', '>=', q.from)
    .where('handled_at', '<', q.to)
    .where('dispatched_at', 'is not', null)
    .execute();
  for (const r of handled) {
    if (r.dispatched_at === null || r.handled_at === null) continue;
    const c = counts(keyOf(r.k));
    c.handlingMsSum += Math.max(0, workingTimeBetween(Number(r.dispatched_at), Number(r.handled_at), cal));
    c.handlingCount += 1;
  }

  return [...groups]
    .map(([groupKey, c]) => ({ groupKey, counts: c }))
    .sort((a, b) =>
      a.groupKey === b.groupKey ? 0 : a.groupKey === null ? 1 : b.groupKey === null ? -1 : a.groupKey < b.groupKey ? -1 : 1,
    );
}

/** Per category: cases closed (结案) in [from, to), and of them those closed with no step ever overdue. */
export interface ClosedCount {
  category: string;
  closed: number;
  closedOnTime: number;
}

/**
 * Cases closed in [from, to) per category, platform-wide (published scenario figures). A close
 * moves `updated_at`, so the filter on it lets the path index skip older cases.
 * @example await closedByCategory(db, monthStart, monthEnd) // [{ category: 'E0401', closed: 3, closedOnTime: 2 }]
 */
export async function closedByCategory(db: Kysely<DB>, from: number, to: number): Promise<ClosedCount[]> {
  const rows = await db
    .selectFrom('cases')
    .select([
      'category',
      (eb) => eb.fn.countAll().as('closed'),
      sql<number>`sum(case when closed_on_time = 1 then 1 else 0 end)`.as('on_time'),
    ])
    .where('state', '=', 'closed')
    .where('updated_at', '>=', from)
    .where('closed_at', '>=', from)
    .where('closed_at', '<', to)
    .groupBy('category')
    .orderBy('category')
    .execute();
  return rows.map((r) => ({ category: r.category, closed: Number(r.closed), closedOnTime: Number(r.on_time ?? 0) }));
}

/** When the first case was reported (epoch ms), or null when there is none yet. */
export async function earliestReportedAt(db: Kysely<DB>): Promise<number | null> {
  const r = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.min('reported_at').as('at'))
    .executeTakeFirst();
  return r?.at === null || r?.at === undefined ? null : Number(r.at);
}

/** The number of segments of a path: `/` is 0, `/a/` 1, `/a/b/` 2. */
export function pathDepth(path: string): number {
  let n = 0;
  for (let i = 1; i < path.length; i++) if (path.charCodeAt(i) === 47) n++;
  return n;
}

/** The path's ancestor-or-self at `depth` (the whole path if it is shallower). */
export function pathPrefixAt(path: string, depth: number): string {
  let i = 0;
  for (let d = 0; d < depth; d++) {
    const next = path.indexOf('/', i + 1);
    if (next < 0) return path;
    i = next;
  }
  return path.slice(0, i + 1);
}

/**
 * The byte range `[lo, hi)` holding exactly the paths under `scope`: a path ends in `/`, and `0`
 * is the byte after `/`, so `/a/b0` is the first string after every `/a/b/…`.
 */
export function pathRange(scope: string): [string, string] {
  return [scope, `${scope.slice(0, -1)}0`];
}

function groupKeyOf(q: AggregateQuery): (k: string | null) => string | null {
  if (q.groupBy !== 'jurisdiction') return (k) => k;
  const depth = q.jurisdictionDepth ?? pathDepth(q.scopePath) + 1;
  return (k) => (k === null ? null : pathPrefixAt(k, depth));
}

function checkQuery(q: AggregateQuery): void {
  for (const [name, v] of [
    ['from', q.from],
    ['to', q.to],
    ['now', q.now],
  ] as const)
    if (!Number.isSafeInteger(v)) throw new RangeError(`${name} must be an integer epoch ms, got ${v}`);
  if (q.to <= q.from) throw new RangeError('the period must end after it starts');
  // A malformed scope (say '') would otherwise count the whole platform for anyone.
  if (!/^\/(?:[^/]+\/)*$/.test(q.scopePath)) throw new RangeError(`not a scope path: ${JSON.stringify(q.scopePath)}`);
  if (q.jurisdictionDepth !== undefined && !(Number.isInteger(q.jurisdictionDepth) && q.jurisdictionDepth >= 1))
    throw new RangeError(`jurisdictionDepth must be a positive integer, got ${q.jurisdictionDepth}`);
}
