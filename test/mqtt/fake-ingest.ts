/**
 * A stand-in for the sensing service's `DeviceIngest` that records every call. Not storage: it
 * parses a payload just enough to say how many readings it holds (a JSON object or array of
 * objects with `ts` and `values`), so tests can see accepted/rejected counts. `hold()` makes
 * `ingestPayload` wait until `release()` (a slow or stuck downstream).
 */
import type { DeviceIngest, IngestResult } from '../../src/mqtt-ingest/device-ingest.ts';

/** One recorded `ingestPayload` call. */
export interface IngestCall {
  deviceId: string;
  payload: string;
  receivedAt: number;
}

/** The fake, with its records. */
export interface FakeIngest extends DeviceIngest {
  readonly calls: IngestCall[];
  readonly rejections: Array<{ deviceId: string; reason: string }>;
  readonly authAttempts: Array<{ deviceId: string; ok: boolean }>;
  /** `ingestPayload` calls so far (recorded in `calls` too unless `parse: false`). */
  callCount(): number;
  /** `ingestPayload` calls started but not yet resolved. */
  pending(): number;
  /** Peak of `pending()`. */
  peakPending(): number;
  /** From now on `ingestPayload` waits for `release()`. */
  hold(): void;
  /** Lets every held call (and later ones) finish. */
  release(): void;
  /** Makes `ingestPayload` throw (downstream down) until called with false. */
  fail(on: boolean): void;
  /** Rejections of a device with a reason. */
  rejectionsOf(deviceId: string, reason: string): number;
}

function countReadings(text: string): IngestResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { accepted: 0, rejected: [{ index: 0, reason: 'malformed_json' }] };
  }
  const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  const result: IngestResult = { accepted: 0, rejected: [] };
  items.forEach((item, index) => {
    const ok = typeof item === 'object' && item !== null && 'ts' in item && 'values' in item;
    if (ok) result.accepted++;
    else result.rejected.push({ index, reason: 'invalid_reading' });
  });
  return result;
}

/**
 * A fake with the given device secrets.
 * @param options.parse false: accept every payload as `readingsPerPayload` readings unread (for benchmarks).
 */
export function fakeIngest(secrets: Record<string, string>, options: { parse?: boolean; readingsPerPayload?: number } = {}): FakeIngest {
  const calls: IngestCall[] = [];
  const rejections: Array<{ deviceId: string; reason: string }> = [];
  const authAttempts: Array<{ deviceId: string; ok: boolean }> = [];
  const parse = options.parse ?? true;
  const record = parse;
  const constant: IngestResult = { accepted: options.readingsPerPayload ?? 1, rejected: [] };
  let count = 0;
  let pending = 0;
  let peak = 0;
  let gate: Promise<void> | null = null;
  let open: () => void = () => {};
  let failing = false;
  return {
    calls,
    rejections,
    authAttempts,
    async authenticateDevice(deviceId, secret) {
      const ok = Object.hasOwn(secrets, deviceId) && secrets[deviceId] === secret;
      authAttempts.push({ deviceId, ok });
      return ok;
    },
    async ingestPayload(deviceId, payload, receivedAt) {
      const text = typeof payload === 'string' ? payload : payload.toString('utf8');
      count++;
      if (record) calls.push({ deviceId, payload: text, receivedAt });
      pending++;
      if (pending > peak) peak = pending;
      try {
        if (gate !== null) await gate;
        if (failing) throw new Error('storage unavailable');
        return parse ? countReadings(text) : constant;
      } finally {
        pending--;
      }
    },
    recordRejection(deviceId, reason) {
      rejections.push({ deviceId, reason });
    },
    callCount: () => count,
    pending: () => pending,
    peakPending: () => peak,
    hold() {
      gate ??= new Promise<void>((resolve) => (open = resolve));
    },
    release() {
      gate = null;
      open();
    },
    fail(on) {
      failing = on;
    },
    rejectionsOf: (deviceId, reason) => rejections.filter((r) => r.deviceId === deviceId && r.reason === reason).length,
  };
}
