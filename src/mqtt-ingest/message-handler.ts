/**
 * The path of one device message, the same behind the embedded and an external broker:
 * throttle check → in-flight cap → `ingestPayload` → outcome counted (and fed to the throttle).
 * Nothing here awaits anything per message but the caller's own promise: many payloads are
 * inside the sensing service at once (up to the in-flight cap), so it can store them in batches.
 */
import type { Clock } from '../platform/clock.ts';
import { MQTT_REJECTION_REASONS, type DeviceIngest } from './device-ingest.ts';
import type { InFlightLimiter } from './in-flight.ts';
import type { DeviceThrottle } from './throttle.ts';

/** Counters of MQTT ingestion since start. */
export interface IngestCounters {
  messages: {
    /** Publishes that passed the ACL and reached the handler. */
    received: number;
    /** Handed to `ingestPayload`, which resolved. */
    ingested: number;
    /** Handed to `ingestPayload`, which threw (e.g. storage down). */
    failed: number;
    /** Dropped unread because the device was cooling off. */
    throttled: number;
    /** Refused: topic not the device's own readings topic (embedded broker; connection closed). */
    refusedAcl: number;
    /** Refused: packet over the size limit (connection closed). */
    tooLarge: number;
    /** Ignored: not a readings topic (external broker). */
    badTopic: number;
  };
  readings: { accepted: number; rejected: number };
  connections: {
    /** Refused at CONNECT: wrong or missing credentials. */
    refusedAuth: number;
    /** Refused at CONNECT: cooling off after a throttle disconnect. */
    refusedThrottled: number;
    /** Refused at CONNECT: another device holds that client id. */
    refusedClientId: number;
    /** Closed by the throttle. */
    disconnectedThrottled: number;
  };
}

/** Fresh zeroed counters. */
export function newCounters(): IngestCounters {
  return {
    messages: { received: 0, ingested: 0, failed: 0, throttled: 0, refusedAcl: 0, tooLarge: 0, badTopic: 0 },
    readings: { accepted: 0, rejected: 0 },
    connections: { refusedAuth: 0, refusedThrottled: 0, refusedClientId: 0, disconnectedThrottled: 0 },
  };
}

/** What the handler works with. */
export interface MessageHandlerDeps {
  ingest: DeviceIngest;
  clock: Clock;
  throttle: DeviceThrottle;
  limiter: InFlightLimiter;
  counters: IngestCounters;
  /** Closes a client's connection (embedded broker only); true if it was connected. */
  disconnect?: (clientId: string) => boolean;
  log: (line: string) => void;
}

/** Handles one device message; see {@link createMessageHandler}. */
export type MessageHandler = (deviceId: string, payload: Buffer, clientId: string | null) => Promise<void>;

/**
 * Builds the per-message handler. The promise settles when the payload has been ingested (or
 * dropped); it rejects only when `ingestPayload` throws, so the embedded broker can close the
 * connection without acknowledging (the device sends again).
 * @example const handle = createMessageHandler(deps); await handle('WL-1', payload, 'WL-1');
 */
export function createMessageHandler(deps: MessageHandlerDeps): MessageHandler {
  const { ingest, clock, throttle, limiter, counters, log } = deps;
  const failures = errorLogger(log, clock);
  return async (deviceId, payload, clientId) => {
    counters.messages.received++;
    const verdict = throttle.check(deviceId);
    if (verdict !== 'pass') {
      counters.messages.throttled++;
      ingest.recordRejection(deviceId, MQTT_REJECTION_REASONS.throttled);
      if (verdict === 'disconnect' && clientId !== null && deps.disconnect?.(clientId) === true) {
        counters.connections.disconnectedThrottled++;
      }
      return;
    }
    const receivedAt = clock.now();
    try {
      const result = await limiter.run(() => ingest.ingestPayload(deviceId, payload, receivedAt));
      counters.messages.ingested++;
      counters.readings.accepted += result.accepted;
      counters.readings.rejected += result.rejected.length;
      if (result.accepted === 0 && result.rejected.length > 0) throttle.recordBad(deviceId);
    } catch (e) {
      counters.messages.failed++;
      failures(deviceId, e);
      throw e;
    }
  };
}

/** Logs ingestion failures without flooding: the first, then a summary at most every 10 s. */
function errorLogger(log: (line: string) => void, clock: Clock): (deviceId: string, e: unknown) => void {
  let last = -Infinity;
  let suppressed = 0;
  return (deviceId, e) => {
    const now = clock.now();
    if (now - last < 10_000) {
      suppressed++;
      return;
    }
    const more = suppressed > 0 ? ` (and ${suppressed} more failures since the last report)` : '';
    log(`MQTT ingest: storing a payload of device ${deviceId} failed: ${e instanceof Error ? e.message : String(e)}${more}`);
    last = now;
    suppressed = 0;
  };
}
