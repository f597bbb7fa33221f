/**
 * The audit service: the {@link AuditRecorder} every module writes to, the chain's verification
 * and the auditors' search. It offers no way to change or remove an entry.
 *
 * `record` is on the path of every read of personal data, so it is cheap: entries arriving while
 * a write is in flight go together into the next transaction (group commit), and on a SQLite file
 * the write takes its turn with the reading-append worker (write-turn) rather than meeting it in
 * SQLite's busy handler, which would block the event loop.
 */
import type { Database } from '../platform/db/create-db.ts';
import { withWriteTurn } from '../platform/db/appender.ts';
import type { Clock } from '../platform/clock.ts';
import type { Bus } from '../platform/bus/bus.ts';
import { newId } from '../platform/ids.ts';
import type { AuditInput, AuditRecorder } from './model.ts';
import { toUnchained, type AuditEntry, type UnchainedEntry } from './chain-model.ts';
import { VERIFY_START, verifyEnd, verifyEntries, type ChainBreak } from './verify-model.ts';
import { createGroupCommit } from './group-commit.ts';
import { consumeCaseEvents, type CaseConsumer } from './case-consumer.ts';
import { sweepCaseEvents, type CaseTimeline } from './case-sweep.ts';
import { startPeriodic, type Periodic } from '../platform/periodic.ts';
import * as store from './store.ts';

/** Entries per transaction at most; more callers wait for the next one. */
const MAX_BATCH = 2_000;
/** Entries read per page when verifying. */
const VERIFY_PAGE = 2_000;
/** How often the scheduler sweeps the cases timeline for transitions the log missed (ms). */
const SWEEP_EVERY_MS = 60_000;

/** What the audit service needs. */
export interface AuditDeps {
  database: Database;
  clock: Clock;
  /** Where case events come from (see `start`). */
  bus?: Bus;
  onError?: (message: string, e: unknown) => void;
}

/** The outcome of a verification. */
export interface VerifyReport {
  ok: boolean;
  /** Entries that verified (all of them when ok). */
  checked: number;
  /** The head the verification ran up to (entries appended since were not checked). */
  head: { seq: number; hash: string };
  /** The first entry that does not verify. */
  broken: ChainBreak | null;
}

/** The audit service. */
export interface AuditService extends AuditRecorder {
  /**
   * Recomputes the chain from the first entry to the head as it was when called, page by page;
   * stops at the first broken entry.
   */
  verify(options?: { onProgress?: (checked: number, total: number) => void }): Promise<VerifyReport>;
  /** Entries matching the filter, newest first. */
  search(filter: store.SearchFilter): Promise<AuditEntry[]>;
  /** Resolves once every entry recorded so far (and every case event taken) is stored. */
  idle(): Promise<void>;
  /**
   * Starts logging case transitions from the bus (once; later calls do nothing). On the memory
   * bus, call it in every process that runs case commands or the scheduler.
   */
  start(options: { usernameOf: (userId: string) => Promise<string | undefined> }): void;
  /**
   * Sweeps the cases timeline now and every minute for transitions the bus consumer missed
   * (case-sweep.ts); the scheduler role does this, after `start`. The first sweep after an
   * upgrade reads the whole timeline once, so it runs in the background.
   */
  startSweep(timeline: CaseTimeline): void;
  /** One sweep now (as if at real time `now`, default now); how many entries it logged. */
  sweep(options?: { now?: number }): Promise<number>;
  /** Stops consuming and waits for the entries in flight. */
  stop(): Promise<void>;
}

/**
 * Creates the service.
 * @example const audit = createAuditService({ database, clock }); await audit.record({ actor, action: 'auth.sign_in', subject });
 */
export function createAuditService(deps: AuditDeps): AuditService {
  const { database, clock } = deps;
  const commits = createGroupCommit<UnchainedEntry>(async (entries) => {
    await withWriteTurn(database, () => store.appendEntries(database.db, entries));
  }, MAX_BATCH);
  const onError = deps.onError ?? ((m: string, e: unknown) => console.error(`audit: ${m}:`, e));
  let consumer: CaseConsumer | null = null;
  let timeline: CaseTimeline | null = null;
  let sweeping: Periodic | null = null;

  const service: AuditService = {
    async record(entries: AuditInput | readonly AuditInput[]): Promise<void> {
      const list: readonly AuditInput[] = Array.isArray(entries) ? entries : [entries];
      if (list.length === 0) return;
      const now = clock.now();
      await commits.submit(list.map((e) => toUnchained(e, newId(), now)));
    },

    async verify(options = {}) {
      const head = await store.readHead(database.db);
      let state = VERIFY_START;
      for (;;) {
        const page = await store.entriesAfter(database.db, state.last.seq, VERIFY_PAGE, head.seq);
        state = verifyEntries(state, page);
        options.onProgress?.(state.checked, head.seq);
        if (state.broken || page.length < VERIFY_PAGE) break;
      }
      state = verifyEnd(state, head);
      return { ok: state.broken === null, checked: state.checked, head, broken: state.broken };
    },

    search: (filter) => store.search(database.db, filter),

    async idle() {
      await consumer?.idle();
      await commits.idle();
    },

    start(options) {
      if (!deps.bus) throw new Error('audit: start needs the bus');
      consumer ??= consumeCaseEvents({ bus: deps.bus, audit: service, usernameOf: options.usernameOf, onError });
    },

    async sweep(options = {}) {
      if (!consumer || !timeline) throw new Error('audit: sweep needs start and startSweep');
      const c = consumer;
      const now = options.now ?? Date.now();
      return sweepCaseEvents({ db: database.db, timeline, log: (events) => c.log(events), now: () => now });
    },

    startSweep(t) {
      timeline = t;
      sweeping ??= startPeriodic(
        () => service.sweep(),
        SWEEP_EVERY_MS,
        (e) => onError('sweeping case transitions failed; the next sweep tries again', e),
      );
    },

    async stop() {
      await sweeping?.stop();
      sweeping = null;
      await consumer?.stop();
      consumer = null;
      await commits.idle();
    },
  };
  return service;
}
