/**
 * Case events rebuilt from the timeline as the bus carried them, for consumers that must not
 * miss one (the audit log's sweep fills the gap a crash can leave): each entry with the case as
 * it was right after it, not as it is now. The timeline records every changed field before and
 * after, so undoing the later entries' changes on today's case gives the case at any entry.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Case, CaseBusEvent, CaseEvent } from './case-types.ts';
import { eventsInIdOrder } from './replay-store.ts';
import { getCase, listEvents } from './store.ts';

/**
 * The case right after its entry `seq`, from the case now and its whole timeline: the `before`
 * of every later entry, newest first, put back.
 * @example caseAfter(current, timeline, 3)
 */
export function caseAfter(current: Case, timeline: readonly CaseEvent[], seq: number): Case {
  const later = timeline.filter((e) => e.seq > seq).sort((a, b) => b.seq - a.seq);
  let c = current;
  for (const e of later) c = { ...c, ...e.before };
  return c;
}

/**
 * The bus events of stored timeline entries, in the order given; entries of a case that no
 * longer exists are left out.
 * @example await busEventsOf(db, entries)
 */
export async function busEventsOf(db: Kysely<DB>, entries: readonly CaseEvent[]): Promise<CaseBusEvent[]> {
  const timelines = new Map<string, { current: Case; timeline: CaseEvent[] } | null>();
  for (const caseId of new Set(entries.map((e) => e.caseId))) {
    const current = await getCase(db, caseId);
    timelines.set(caseId, current ? { current, timeline: await listEvents(db, caseId) } : null);
  }
  return entries.flatMap((entry): CaseBusEvent[] => {
    const t = timelines.get(entry.caseId);
    return t ? [{ type: `case.${entry.type}`, eventId: entry.id, case: caseAfter(t.current, t.timeline, entry.seq), entry }] : [];
  });
}

/** The timeline read for replay: entries over a range of ids, and their bus events. */
export interface TimelineReader {
  /** Up to `limit` entries with `after` < id < `before`, in id (creation) order. */
  entriesBetween(range: { after: string; before: string }, limit: number): Promise<CaseEvent[]>;
  /** The bus events of those entries (see {@link busEventsOf}). */
  busEventsOf(entries: readonly CaseEvent[]): Promise<CaseBusEvent[]>;
}

/**
 * The reader over a database, for the composition to hand to consumers (the audit sweep).
 * @example audit.startSweep(timelineReader(database.db));
 */
export function timelineReader(db: Kysely<DB>): TimelineReader {
  return {
    entriesBetween: (range, limit) => eventsInIdOrder(db, range, limit),
    busEventsOf: (entries) => busEventsOf(db, entries),
  };
}
