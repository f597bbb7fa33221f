/**
 * Publishes case events on the bus (`cases`) in the order they were stored, from the timeline,
 * which doubles as the outbox: an entry is marked published once the bus took it. Entries left
 * unpublished by a crash between commit and publish go out again on the next start; consumers
 * skip event ids they have seen.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Bus } from '../platform/bus/bus.ts';
import type { TransactionRunner } from '../platform/db/group-commit.ts';
import { CASES_SUBJECT, type CaseBusEvent } from './case-types.ts';
import type { Applied } from './command-service.ts';
import * as store from './store.ts';

/** Entries republished per round. */
const PAGE = 500;
/** Published ids marked per write, at most. */
const MARK_BATCH = 500;
/** How long published ids wait to be marked together. */
const MARK_DELAY_MS = 50;

/**
 * Creates the publisher.
 * @example const pub = createCasePublisher({ db, bus, onError }); await pub.publish(applied);
 */
export function createCasePublisher(deps: {
  db: Kysely<DB>;
  bus: Bus;
  onError: (message: string, e: unknown) => void;
  /** Runs the marks with the case commands' transactions (on SQLite they share their commits). */
  writer?: TransactionRunner;
}) {
  let tail: Promise<unknown> = Promise.resolve();
  // Published ids are marked in batches: one write per command would cost a database commit per
  // command for a flag that only matters after a crash (when unmarked entries are sent again and
  // consumers skip the ids they have seen). Given the commands' writer, a batch of marks rides in
  // the commit of the commands running then instead of a commit of its own.
  let toMark: string[] = [];
  let markTimer: NodeJS.Timeout | null = null;

  async function flushMarks(): Promise<void> {
    if (markTimer) clearTimeout(markTimer);
    markTimer = null;
    if (toMark.length === 0) return;
    const ids = toMark;
    toMark = [];
    if (deps.writer) await deps.writer.run((trx) => store.markPublished(trx, ids));
    else await store.markPublished(deps.db, ids);
  }

  function markLater(ids: readonly string[]): void {
    toMark.push(...ids);
    if (toMark.length >= MARK_BATCH) {
      void flushMarks().catch((e: unknown) => deps.onError('marking case events published failed', e));
      return;
    }
    markTimer ??= setTimeout(() => {
      markTimer = null;
      flushMarks().catch((e: unknown) => deps.onError('marking case events published failed', e));
    }, MARK_DELAY_MS);
  }

  async function send(events: readonly CaseBusEvent[]): Promise<void> {
    const done: string[] = [];
    try {
      for (const e of events) {
        await deps.bus.publish(CASES_SUBJECT, e);
        done.push(e.eventId);
      }
    } finally {
      if (done.length > 0) markLater(done);
    }
  }

  function enqueue(work: () => Promise<void>): Promise<void> {
    const run = tail.then(work);
    tail = run.catch((e: unknown) => deps.onError('publishing case events failed; they stay pending', e));
    return tail.then(() => undefined);
  }

  return {
    /** Publishes what a command stored (each entry with the case as it was right after it). */
    publish(applied: readonly Applied[]): Promise<void> {
      const events = applied.flatMap((a) =>
        a.events.map((entry): CaseBusEvent => ({ type: `case.${entry.type}`, eventId: entry.id, case: a.case, entry })),
      );
      if (events.length === 0) return Promise.resolve();
      return enqueue(() => send(events));
    },
    /** Publishes every entry left pending (on start). */
    republishPending(): Promise<void> {
      return enqueue(async () => {
        for (;;) {
          await flushMarks();
          const entries = await store.unpublishedEvents(deps.db, PAGE);
          if (entries.length === 0) return;
          const cases = new Map<string, Awaited<ReturnType<typeof store.getCase>>>();
          for (const e of entries) if (!cases.has(e.caseId)) cases.set(e.caseId, await store.getCase(deps.db, e.caseId));
          await send(
            entries.flatMap((entry) => {
              const c = cases.get(entry.caseId);
              return c ? [{ type: `case.${entry.type}` as const, eventId: entry.id, case: c, entry }] : [];
            }),
          );
          if (entries.length < PAGE) return;
        }
      });
    },
    /** Resolves when everything queued so far is published and marked. */
    idle: (): Promise<void> => tail.then(flushMarks),
  };
}
