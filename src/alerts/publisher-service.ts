/**
 * Publishes alert events on the bus in the order they were stored, and marks their history
 * entries published. Entries left unpublished (a crash between commit and publish, a bus
 * failure) are published again by `republishPending`; consumers skip event ids they have seen.
 *
 * Marking is off the pipeline's path: ids published are gathered and written in the
 * background, one write at a time, all those gathered meanwhile in one statement. On the
 * readings path every batch of signals used to wait here for a second turn at the write lock
 * (behind the append worker's transaction) before the next batch could be evaluated. A crash
 * before the mark republishes those events at start, which consumers already tolerate.
 */
import type { Database } from '../platform/db/create-db.ts';
import { withWriteTurn } from '../platform/db/appender.ts';
import type { Clock } from '../platform/clock.ts';
import type { Bus } from '../platform/bus/bus.ts';
import { ALERTS_SUBJECT, eventTypeOf, type AlertEvent } from './event-model.ts';
import * as store from './store.ts';

/** What the publisher needs. */
export interface PublisherDeps {
  database: Database;
  clock: Clock;
  bus: Bus;
  onError: (message: string, e: unknown) => void;
}

/** Entries republished per round. */
const PAGE = 1000;

/**
 * Creates the publisher.
 * @example const pub = createAlertPublisher(deps); await pub.publish(events);
 */
export function createAlertPublisher(deps: PublisherDeps) {
  const { db } = deps.database;
  let tail: Promise<void> = Promise.resolve();
  /** Ids published and not yet marked; the write under way, if any. */
  let unmarked: string[] = [];
  let marking: Promise<void> | null = null;

  /** Marks what was gathered, and what is gathered meanwhile, until nothing is left. */
  async function markAll(): Promise<void> {
    while (unmarked.length > 0) {
      const ids = unmarked;
      unmarked = [];
      try {
        await withWriteTurn(deps.database, () => store.markPublished(db, ids, deps.clock.now()));
      } catch (e) {
        // Not marked: published again at the next start (consumers skip ids they have seen).
        deps.onError('marking alert events published failed', e);
      }
    }
  }

  /** Starts the background marking unless it is running (it then takes these ids too). */
  function mark(ids: readonly string[]): void {
    for (const id of ids) unmarked.push(id);
    marking ??= markAll().finally(() => (marking = null));
  }

  /** Resolves once every id handed to `mark` so far is written. */
  async function marked(): Promise<void> {
    while (marking) await marking;
  }

  async function send(events: readonly AlertEvent[]): Promise<void> {
    if (events.length === 0) return;
    const done: string[] = [];
    try {
      for (const e of events) {
        await deps.bus.publish(ALERTS_SUBJECT, e);
        done.push(e.eventId);
      }
    } finally {
      if (done.length > 0) mark(done);
    }
  }

  /** Queues events after those queued before; resolves once they are published (failures are reported, not thrown). */
  function publish(events: readonly AlertEvent[]): Promise<void> {
    const run = tail.then(() => send(events));
    tail = run.catch((e: unknown) => deps.onError('publishing alert events failed; they stay pending', e));
    return tail;
  }

  async function pendingRound(): Promise<number> {
    const entries = await store.unpublished(db, PAGE);
    if (entries.length === 0) return 0;
    const alerts = await store.getAlerts(
      db,
      entries.map((e) => e.alertId),
    );
    const actions = await store.actionsOfEvents(
      db,
      entries.map((e) => e.entry.id),
    );
    const events = entries.flatMap(({ alertId, entry }): AlertEvent[] => {
      const alert = alerts.get(alertId);
      // The alert as it is now: the entry says what changed then.
      return alert ? [{ type: eventTypeOf(entry), eventId: entry.id, alert, entry, actions: actions.get(entry.id) ?? [] }] : [];
    });
    await send(events);
    // Marked before the next round reads what is pending.
    await marked();
    // Entries whose alert is gone cannot be announced; mark them so they do not come back.
    const orphans = entries.filter((e) => !alerts.has(e.alertId)).map((e) => e.entry.id);
    if (orphans.length > 0) await store.markPublished(db, orphans, deps.clock.now());
    return entries.length;
  }

  return {
    publish,
    /** Publishes every pending entry; returns how many. */
    republishPending(): Promise<number> {
      let total = 0;
      const run = tail.then(async () => {
        // Entries published but not yet marked would otherwise be read as pending.
        await marked();
        for (let n = await pendingRound(); n > 0; n = await pendingRound()) {
          total += n;
          if (n < PAGE) break;
        }
        return total;
      });
      tail = run.then(
        () => undefined,
        (e: unknown) => deps.onError('republishing alert events failed', e),
      );
      return run;
    },
    /** Resolves when everything queued so far is published and marked. */
    idle: async (): Promise<void> => {
      await tail;
      await marked();
    },
  };
}
