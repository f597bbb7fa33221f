/**
 * How the platform signs what it POSTs to other systems (units' webhooks, the bridge's status
 * callbacks), pure. Stripe's scheme: HMAC-SHA256 over `${timestamp}.${body}` with the receiver's
 * secret, sent as `x-cityops-signature: sha256=<hex>` beside `x-cityops-timestamp`. Binding the
 * timestamp into the signature lets a receiver refuse old requests replayed by whoever saw one;
 * each attempt is signed afresh with its own timestamp.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers every signed delivery carries. */
export const WEBHOOK_HEADERS = {
  /** `sha256=<hex>`: HMAC-SHA256 of `${timestamp}.${body}` under the receiver's secret. */
  signature: 'x-cityops-signature',
  /** When this attempt was signed, epoch ms (as every time on the platform). */
  timestamp: 'x-cityops-timestamp',
  /** The event type, e.g. `case.dispatched`, so a receiver can route before parsing. */
  event: 'x-cityops-event',
  /** The delivery id: the same on every retry of one event to one receiver, for de-duplication. */
  delivery: 'x-cityops-delivery',
} as const;

/**
 * The signature header value for a body sent at `timestamp`.
 * @example signPayload('s3cret', 1764208800000, '{"type":"case.dispatched"}') // 'sha256=…'
 */
export function signPayload(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: true when the signature matches and the timestamp is within
 * `toleranceMs` of `now` (default 5 min). Compares in constant time.
 */
export function verifySignature(
  secret: string,
  o: { timestamp: string; body: string; signature: string; now: number; toleranceMs?: number },
): boolean {
  const ts = Number(o.timestamp);
  if (!Number.isFinite(ts) || Math.abs(o.now - ts) > (o.toleranceMs ?? 300_000)) return false;
  const expected = Buffer.from(signPayload(secret, o.timestamp, o.body));
  const given = Buffer.from(o.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
