/**
 * What MQTT ingestion needs from the sensing service, declared here so this folder depends on
 * a contract rather than on the service file. `compose.ts` passes the sensing service, which
 * implements it.
 */

/** The outcome of one payload: readings stored, and the ones refused with a reason. */
export interface IngestResult {
  accepted: number;
  rejected: Array<{ index: number; reason: string; field?: string }>;
}

/** The sensing use-cases MQTT ingestion calls. */
export interface DeviceIngest {
  /** True if `secret` is this device's secret (false for unknown devices). */
  authenticateDevice(deviceId: string, secret: string): Promise<boolean>;
  /**
   * Validates and stores one payload of a device (a reading object or an array of them, JSON).
   * Resolves once the accepted readings are stored; counts its own rejections. Called
   * concurrently, many payloads at a time: the service should store them in batches.
   */
  ingestPayload(deviceId: string, payload: Buffer | string, receivedAt: number): Promise<IngestResult>;
  /** Counts a refusal that happened before a payload reached `ingestPayload` (`auth`, `acl`, `throttled`, …). */
  recordRejection(deviceId: string, reason: string): void;
}

/** Reasons MQTT ingestion passes to `recordRejection`. */
export const MQTT_REJECTION_REASONS = {
  /** Wrong credentials at CONNECT. */
  auth: 'auth',
  /** Published to a topic that is not its own readings topic. */
  acl: 'acl',
  /** Dropped during a cool-off period, or a connection refused during one. */
  throttled: 'throttled',
  /** A packet over the size limit (the connection is closed). */
  tooLarge: 'too_large',
} as const;
