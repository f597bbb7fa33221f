/**
 * Publishes alert events on the bus in the order they were stored, and marks their history
 * entries published. Entries left unpublished (a crash between commit and publish, a bus
 * failure) are published again by `republishPending`; consumers skip event ids they have seen.
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

  async function send(events: readonly AlertEvent[]): Promise<void> {
    if (events.length === 0) return;
    const done: string[] = [];
    try {
      for (const e of events) {
        await deps.bus.publish(ALERTS_SUBJECT, e);
        done.push(e.eventId);
      }
    } finally {
      if (done.length > 0) await withWriteTurn(deps.database, () => store.markPublished(db, done, deps.clock.now()));
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
    /** Resolves when everything queued so far is done. */
    idle: (): Promise<void> => tail,
  };
}
