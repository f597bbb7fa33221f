/**
 * One attempt to deliver a queued row to another system: POST its stored body to the target,
 * signed at the moment of sending (signature.ts), and record the outcome under the claim —
 * delivered (2xx), due again at the time the queue's schedule says, or dead when it says no more.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { WEBHOOK_HEADERS, signPayload } from './signature.ts';
import { recordDelivered, recordFailed, type Claim, type DeliveryQueueTable } from './delivery-queue.ts';

/** What an attempt needs. */
export interface AttemptDeps {
  db: Kysely<DB>;
  clock: Clock;
  fetch: typeof fetch;
  timeoutMs: number;
  /** Aborted when the service stops: the attempt then counts as failed and is retried later. */
  stopping: AbortSignal;
  /** The `user-agent` sent, naming the sender (`cityops-webhooks/1`). */
  userAgent: string;
}

/** A claimed row to send. */
export interface Outgoing extends Claim {
  /** The JSON body, exactly as stored. */
  payload: string;
  /** The event name sent in the event header. */
  event: string;
}

/** Where to send, or why the row cannot be sent now (it then fails like a refused request). */
export type Target = { url: string; secret: string } | { refused: string };

/** How an attempt ended; `lost` when the lease ran out meanwhile and another worker owns the row. */
export type AttemptOutcome = 'delivered' | 'failed' | 'dead' | 'lost';

/** Longest error text kept per row. */
const ERROR_MAX = 500;

/** A failed request in words: the timeout, the shutdown, or the network error with its cause. */
export function describeError(e: unknown, timeoutMs: number): string {
  if (!(e instanceof Error)) return String(e).slice(0, ERROR_MAX);
  if (e.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  if (e.name === 'AbortError') return 'aborted: the platform was shutting down';
  return `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}`.slice(0, ERROR_MAX);
}

/**
 * POSTs a claimed row of `table` to `target` and records the outcome; after a failure the row is
 * due again at `nextAt(attempts, now)`, or dead when that is null.
 * @example await attemptDelivery(deps, 'webhook_deliveries', row, { url, secret }, nextAttemptAt);
 */
export async function attemptDelivery(
  deps: AttemptDeps,
  table: DeliveryQueueTable,
  row: Outgoing,
  target: Target,
  nextAt: (attempts: number, now: number) => number | null,
): Promise<AttemptOutcome> {
  let status: number | null = null;
  let error: string;
  if ('refused' in target) {
    error = target.refused;
  } else {
    const timestamp = String(deps.clock.now());
    try {
      const res = await deps.fetch(target.url, {
        method: 'POST',
        body: row.payload,
        // A redirect could hand the signed body to another host: the registered URL is the one used.
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(deps.timeoutMs), deps.stopping]),
        headers: {
          'content-type': 'application/json',
          'user-agent': deps.userAgent,
          [WEBHOOK_HEADERS.signature]: signPayload(target.secret, timestamp, row.payload),
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.event]: row.event,
          [WEBHOOK_HEADERS.delivery]: row.id,
        },
      });
      status = res.status;
      if (status >= 200 && status < 300) {
        await res.body?.cancel().catch(() => undefined);
        return (await recordDelivered(deps.db, table, row, { status, now: deps.clock.now() })) ? 'delivered' : 'lost';
      }
      const text = await res.text().catch(() => '');
      error = `HTTP ${status}${text ? `: ${text}` : ''}`.slice(0, ERROR_MAX);
    } catch (e) {
      error = describeError(e, deps.timeoutMs);
    }
  }
  const next = nextAt(row.attempts, deps.clock.now());
  if (!(await recordFailed(deps.db, table, row, { status, error, nextAttemptAt: next }))) return 'lost';
  return next === null ? 'dead' : 'failed';
}
