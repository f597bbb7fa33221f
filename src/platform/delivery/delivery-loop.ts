/**
 * The running part of a delivery queue (units' webhooks, the bridge's status callbacks): it
 * consumes a bus subject in a work group and enqueues what each event makes (one insert; sending
 * is the loop's, so a hanging receiver holds up nothing on the bus), and every interval — or at
 * once when something was enqueued or requeued — sends what is due, batch after batch. Rounds in
 * one process run one at a time; other processes claim other rows (delivery-queue.ts).
 */
import type { Bus, Subscription } from '../bus/bus.ts';
import type { Clock } from '../clock.ts';
import type { AttemptOutcome } from './attempt.ts';

/** What one delivery round did. */
export interface RoundResult {
  delivered: number;
  failed: number;
  dead: number;
}

/** What the loop needs. */
export interface DeliveryLoopDeps<E> {
  bus: Bus;
  clock: Clock;
  /** The subject consumed and the work group that shares it between processes. */
  subject: string;
  group: string;
  /** Enqueues what an event makes; a true answer starts a round at once. */
  enqueue(event: E): Promise<boolean>;
  /** Claims one batch due at `now` and attempts it; an empty answer ends the round. */
  sendBatch(now: number, stopping: AbortSignal): Promise<AttemptOutcome[]>;
  /** How often the loop looks for due rows (ms); 0 turns it off (tests deliver by hand). */
  intervalMs: number;
  /** What the queue holds, for messages (`deliveries`, `callbacks`). */
  noun: string;
  onError(message: string, e: unknown): void;
}

/** A delivery loop. */
export interface DeliveryLoop<E> {
  /** Enqueues an event's rows as the bus handler does; true when any was added. */
  enqueue: (event: E) => Promise<boolean>;
  /** Sends every row due at `now` (default: the clock's now), after the rounds queued before. */
  deliverDue: (now?: number) => Promise<RoundResult>;
  /** Starts a round soon when the loop runs and none is queued. */
  kick: () => void;
  /** Starts consuming the subject and, unless the interval is 0, the loop. */
  start: () => void;
  /** Stops consuming and the loop; requests in flight are aborted (they count as failed and are retried). */
  stop: () => Promise<void>;
}

/**
 * Creates the loop; nothing runs until `start()`.
 * @example const loop = createDeliveryLoop({ bus, clock, subject: CASES_SUBJECT, group: 'cases.webhooks', enqueue, sendBatch, intervalMs: 1000, noun: 'deliveries', onError });
 */
export function createDeliveryLoop<E extends { eventId: string }>(deps: DeliveryLoopDeps<E>): DeliveryLoop<E> {
  let busSub: Subscription | null = null;
  let timer: NodeJS.Timeout | null = null;
  let rounds: Promise<unknown> = Promise.resolve();
  let queued = 0;
  let enqueuing: Promise<unknown> = Promise.resolve();
  let stopping = new AbortController();

  async function round(now: number): Promise<RoundResult> {
    const result: RoundResult = { delivered: 0, failed: 0, dead: 0 };
    const signal = stopping.signal;
    for (;;) {
      const outcomes = await deps.sendBatch(now, signal);
      if (outcomes.length === 0) break;
      for (const o of outcomes) if (o !== 'lost') result[o]++;
      if (signal.aborted) break;
    }
    return result;
  }

  function deliverDue(now?: number): Promise<RoundResult> {
    queued++;
    const run = rounds.then(() => round(now ?? deps.clock.now()));
    rounds = run.catch((e: unknown) => deps.onError(`delivery round failed; due ${deps.noun} stay pending`, e)).finally(() => queued--);
    return run;
  }

  function kick(): void {
    if (timer && queued === 0) deliverDue().catch(() => undefined);
  }

  async function enqueue(event: E): Promise<boolean> {
    const added = await deps.enqueue(event);
    if (added) kick();
    return added;
  }

  return {
    enqueue,
    deliverDue,
    kick,
    start: () => {
      stopping = new AbortController();
      busSub ??= deps.bus.subscribe<E>(
        deps.subject,
        async (m) => {
          enqueuing = enqueue(m.data).catch((e: unknown) => deps.onError(`event ${m.data.eventId}: could not enqueue ${deps.noun}`, e));
          await enqueuing;
        },
        { group: deps.group },
      );
      if (deps.intervalMs > 0 && !timer)
        timer = setInterval(() => {
          if (queued === 0) deliverDue().catch(() => undefined);
        }, deps.intervalMs);
    },
    stop: async () => {
      busSub?.unsubscribe();
      busSub = null;
      if (timer) clearInterval(timer);
      timer = null;
      stopping.abort();
      await enqueuing;
      await rounds;
    },
  };
}
