/**
 * The sweep that makes the log of case transitions complete. The bus consumer (case-consumer.ts)
 * logs each event as it passes without holding up the case command, so an event can be missed:
 * when the process dies after the cases publisher marked it published but before its entry
 * committed, or when recording failed. The sweep walks the cases timeline behind a watermark
 * (the id of the last entry it has checked, kept in `meta`), asks which entries have no audit
 * entry, and logs those from the timeline — the same entries the consumer would have made (keyed
 * by event id, so a late consumer and the sweep never log one twice). It stays SETTLE_MS behind
 * the present so it does not race the consumer for events still on their way.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { getMeta, setMeta } from '../platform/db/meta.ts';
import { idFloor } from '../platform/ids.ts';
import type { CaseBusEvent, CaseEvent } from '../cases/case-types.ts';
import { caseEventKey } from './case-entries-model.ts';
import { loggedKeys } from './store.ts';

/** How far behind the present the sweep stays (ms). */
export const SETTLE_MS = 60_000;
/** Timeline entries checked per page. */
const PAGE = 1_000;
/** The `meta` key of the watermark. */
const WATERMARK = 'audit_case_sweep_after';

/** The cases timeline as the sweep reads it (cases/event-replay.ts, passed in by compose). */
export interface CaseTimeline {
  /** Up to `limit` entries with `after` < id < `before`, in id order. */
  entriesBetween(range: { after: string; before: string }, limit: number): Promise<CaseEvent[]>;
  /** The bus events of those entries (the case as it was right after each). */
  busEventsOf(entries: readonly CaseEvent[]): Promise<CaseBusEvent[]>;
}

/** What a sweep needs. */
export interface SweepDeps {
  db: Kysely<DB>;
  timeline: CaseTimeline;
  /** Logs events as the consumer does and resolves once they are stored. */
  log(events: readonly CaseBusEvent[]): Promise<void>;
  /** Real time (ids carry it), not the platform clock, which a drill may move. */
  now(): number;
}

/**
 * Checks the timeline from the watermark up to SETTLE_MS ago, logs what is missing and moves
 * the watermark; returns how many entries it logged.
 * @example await sweepCaseEvents({ db, timeline, log, now: Date.now });
 */
export async function sweepCaseEvents(deps: SweepDeps): Promise<number> {
  const before = idFloor(deps.now() - SETTLE_MS);
  let after = (await getMeta(deps.db, WATERMARK)) ?? '';
  let logged = 0;
  for (;;) {
    const entries = await deps.timeline.entriesBetween({ after, before }, PAGE);
    if (entries.length === 0) return logged;
    const seen = await loggedKeys(
      deps.db,
      entries.map((e) => caseEventKey(e.id)),
    );
    const missing = entries.filter((e) => !seen.has(caseEventKey(e.id)));
    if (missing.length > 0) {
      await deps.log(await deps.timeline.busEventsOf(missing));
      logged += missing.length;
    }
    after = entries.at(-1)!.id;
    await setMeta(deps.db, WATERMARK, after);
    if (entries.length < PAGE) return logged;
  }
}
