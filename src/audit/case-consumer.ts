/**
 * Logs every case transition: consumes the `cases` bus subject and records one entry per event
 * (idempotent by event id, see case-entries-model.ts), outside the case command's transaction.
 *
 * The handler hands the entry to the group commit and returns without waiting for it to be
 * stored: the cases publisher sends events one by one and the command's caller waits for the
 * publication, so waiting here would add an audit transaction to every case command and keep
 * case events from ever sharing one. The window this leaves is small — the publisher marks events
 * published only after a 50 ms delay, and a start republishes unmarked ones (logged once, by id);
 * what still slips through — the process dying after that mark but before its entry commits, or
 * a failed write — the scheduler's sweep (case-sweep.ts) finds in the timeline and logs. Beyond {@link MAX_IN_FLIGHT} entries not yet stored, the handler does wait
 * (backpressure instead of an unbounded queue).
 */
import type { Bus, Subscription } from '../platform/bus/bus.ts';
import { CASES_SUBJECT, type CaseBusEvent } from '../cases/case-types.ts';
import type { AuditActor, AuditRecorder } from './model.ts';
import { CASE_SYSTEM_ACTOR, caseEventEntry } from './case-entries-model.ts';

/** Entries recorded but not yet stored before the handler starts waiting. */
const MAX_IN_FLIGHT = 10_000;
/** Usernames remembered (users are few; the map is cleared when it grows past this). */
const MAX_NAMES = 10_000;

/** What the consumer needs. */
export interface CaseConsumerDeps {
  bus: Bus;
  audit: AuditRecorder;
  /** A user's username, or undefined if there is no such user. */
  usernameOf(userId: string): Promise<string | undefined>;
  onError(message: string, e: unknown): void;
}

/** A running consumer. */
export interface CaseConsumer {
  /** Logs events as the bus handler does, and resolves once they are stored (the sweep's way in). */
  log(events: readonly CaseBusEvent[]): Promise<void>;
  /** Resolves when the events taken so far are logged (or failed). */
  idle(): Promise<void>;
  /** Stops consuming and waits for the entries in flight. */
  stop(): Promise<void>;
}

/**
 * Starts consuming case events.
 * @example const consumer = consumeCaseEvents({ bus, audit, usernameOf, onError }); … await consumer.stop();
 */
export function consumeCaseEvents(deps: CaseConsumerDeps): CaseConsumer {
  const names = new Map<string, string>();
  const inFlight = new Set<Promise<void>>();

  async function actorOf(actorId: string, roles: readonly string[]): Promise<AuditActor> {
    if (actorId === CASE_SYSTEM_ACTOR || roles.includes(CASE_SYSTEM_ACTOR)) return { kind: 'system', name: 'cases' };
    let username = names.get(actorId);
    if (username === undefined) {
      username = (await deps.usernameOf(actorId)) ?? actorId;
      if (names.size >= MAX_NAMES) names.clear();
      names.set(actorId, username);
    }
    return { kind: 'user', userId: actorId, username };
  }

  async function log(event: CaseBusEvent): Promise<void> {
    await deps.audit.record(caseEventEntry(event, await actorOf(event.entry.actorId, event.entry.actorRoles)));
  }

  const sub: Subscription = deps.bus.subscribe<CaseBusEvent>(
    CASES_SUBJECT,
    async (m) => {
      const p: Promise<void> = log(m.data)
        .catch((e: unknown) => deps.onError(`case event ${m.data.eventId} not logged`, e))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size > MAX_IN_FLIGHT) await p;
    },
    { group: 'audit.cases' },
  );

  return {
    async log(events) {
      const entries = [];
      for (const e of events) entries.push(caseEventEntry(e, await actorOf(e.entry.actorId, e.entry.actorRoles)));
      await deps.audit.record(entries);
    },
    async idle() {
      await Promise.all([...inFlight]);
    },
    async stop() {
      sub.unsubscribe();
      await Promise.all([...inFlight]);
    },
  };
}
