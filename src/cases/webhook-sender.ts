/**
 * One webhook attempt: POST the stored body to the subscription's URL, signed at the moment of
 * sending, and record the outcome under the claim (delivered, again later, or dead). Split from
 * the service so the loop and the bookkeeping stay readable apart.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { WEBHOOK_HEADERS, nextAttemptAt, signPayload } from './webhook-model.ts';
import * as store from './webhook-store.ts';
import type { WebhookDelivery, WebhookSubscription } from './webhook-store.ts';

/** What an attempt needs. */
export interface SenderDeps {
  db: Kysely<DB>;
  clock: Clock;
  fetch: typeof fetch;
  timeoutMs: number;
  /** Aborted when the service stops: the attempt then counts as failed and is retried later. */
  stopping: AbortSignal;
}

/** How an attempt ended; `lost` when the claim ran out meanwhile and another worker owns the delivery. */
export type AttemptOutcome = 'delivered' | 'failed' | 'dead' | 'lost';

const USER_AGENT = 'cityops-webhooks/1';
/** Longest error text kept per delivery. */
const ERROR_MAX = 500;

/** A failed fetch in words: the timeout, the shutdown, or the network error and its cause. */
export function describeError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && e.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  if (e instanceof Error && e.name === 'AbortError') return 'aborted: the platform was shutting down';
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return `${e.message}${cause}`.slice(0, ERROR_MAX);
  }
  return String(e).slice(0, ERROR_MAX);
}

/** POSTs a claimed delivery (2xx = delivered) and records the outcome. */
export async function attemptDelivery(deps: SenderDeps, d: WebhookDelivery, sub: WebhookSubscription | undefined): Promise<AttemptOutcome> {
  let status: number | null = null;
  let error: string;
  if (!sub) {
    error = 'subscription removed';
  } else {
    const timestamp = String(deps.clock.now());
    const type = (JSON.parse(d.payload) as { type: string }).type;
    try {
      const res = await deps.fetch(sub.url, {
        method: 'POST',
        body: d.payload,
        // A redirect could hand the signed body to another host; the URL registered is the one used.
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(deps.timeoutMs), deps.stopping]),
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          [WEBHOOK_HEADERS.signature]: signPayload(sub.secret, timestamp, d.payload),
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.event]: type,
          [WEBHOOK_HEADERS.delivery]: d.id,
        },
      });
      status = res.status;
      if (status >= 200 && status < 300) {
        await res.body?.cancel().catch(() => undefined);
        return (await store.recordDelivered(deps.db, d, { status, now: deps.clock.now() })) ? 'delivered' : 'lost';
      }
      const text = await res.text().catch(() => '');
      error = `HTTP ${status}${text ? `: ${text}` : ''}`.slice(0, ERROR_MAX);
    } catch (e) {
      error = describeError(e, deps.timeoutMs);
    }
  }
  const next = sub ? nextAttemptAt(d.attempts, deps.clock.now()) : null;
  if (!(await store.recordFailed(deps.db, d, { status, error, nextAttemptAt: next }))) return 'lost';
  return next === null ? 'dead' : 'failed';
}
