/**
 * One status-callback attempt: POST the stored body to the system's callback URL, signed at the
 * moment of sending the same way as units' webhooks (HMAC-SHA256 over `${timestamp}.${body}`,
 * headers from cases/webhook-model.ts), and record the outcome under the claim: delivered,
 * again later (exponential backoff with jitter), or dead.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { nextRetryAt, type BackoffPolicy } from '../platform/backoff.ts';
import { WEBHOOK_HEADERS, signPayload } from '../cases/webhook-model.ts';
import * as queue from './callback-store.ts';
import type { StoredCallback } from './callback-store.ts';

/** A system as the sender needs it: where to send, the secret in clear, whether it still listens. */
export interface CallbackTarget {
  url: string;
  secret: string;
  active: boolean;
}

/** What an attempt needs. */
export interface SenderDeps {
  db: Kysely<DB>;
  clock: Clock;
  fetch: typeof fetch;
  timeoutMs: number;
  policy: BackoffPolicy;
  random: () => number;
  /** Aborted when the service stops: the attempt counts as failed and is retried later. */
  stopping: AbortSignal;
}

/** How an attempt ended; `lost` when the lease ran out meanwhile and another worker owns the callback. */
export type AttemptOutcome = 'delivered' | 'failed' | 'dead' | 'lost';

const USER_AGENT = 'cityops-bridge/1';
/** Longest error text kept per callback. */
const ERROR_MAX = 500;

/** A failed request in words: the timeout, the shutdown, or the network error with its cause. */
function failure(e: unknown, timeoutMs: number): string {
  if (!(e instanceof Error)) return String(e).slice(0, ERROR_MAX);
  if (e.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  if (e.name === 'AbortError') return 'aborted: the platform was shutting down';
  return `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}`.slice(0, ERROR_MAX);
}

/**
 * POSTs a claimed callback (2xx = delivered) and records the outcome.
 * @example await attemptCallback(deps, claimed, { url, secret, active: true });
 */
export async function attemptCallback(deps: SenderDeps, c: StoredCallback, target: CallbackTarget | undefined): Promise<AttemptOutcome> {
  let status: number | null = null;
  let error: string;
  if (!target?.active) {
    error = target ? 'the system is inactive' : 'the system was removed';
  } else {
    const timestamp = String(deps.clock.now());
    try {
      const res = await deps.fetch(target.url, {
        method: 'POST',
        body: c.payload,
        // A redirect could hand the signed body to another host: the registered URL is the one used.
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(deps.timeoutMs), deps.stopping]),
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          [WEBHOOK_HEADERS.signature]: signPayload(target.secret, timestamp, c.payload),
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.event]: c.event,
          [WEBHOOK_HEADERS.delivery]: c.id,
        },
      });
      status = res.status;
      if (status >= 200 && status < 300) {
        await res.body?.cancel().catch(() => undefined);
        return (await queue.recordDelivered(deps.db, c, { status, now: deps.clock.now() })) ? 'delivered' : 'lost';
      }
      const text = await res.text().catch(() => '');
      error = `HTTP ${status}${text ? `: ${text}` : ''}`.slice(0, ERROR_MAX);
    } catch (e) {
      error = failure(e, deps.timeoutMs);
    }
  }
  const next = nextRetryAt(deps.policy, c.attempts, deps.clock.now(), deps.random);
  if (!(await queue.recordFailed(deps.db, c, { status, error, nextAttemptAt: next }))) return 'lost';
  return next === null ? 'dead' : 'failed';
}
