/**
 * Ingestion counters since the process started: readings accepted and duplicated, rejections
 * by reason and per device (bounded, so a flood of garbage ids cannot grow memory without
 * limit). Served at `/api/v1/ingest/stats`. In memory, per process.
 */

/** Where readings came from. */
export type IngestSource = 'http' | 'mqtt' | 'detections';

/** Rejections of one device. */
export interface DeviceRejections {
  deviceId: string;
  rejected: number;
  byReason: Record<string, number>;
  lastReason: string;
  lastAt: number;
}

/** A snapshot of the counters. */
export interface IngestStatsSnapshot {
  since: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  byReason: Record<string, number>;
  bySource: Record<IngestSource, { accepted: number; duplicates: number; rejected: number }>;
  /** Devices with the most rejections first. */
  devices: DeviceRejections[];
  /** Rejections of devices beyond the per-device table's size, counted together. */
  otherDevicesRejected: number;
}

/** Default bound of the per-device table. */
export const MAX_TRACKED_DEVICES = 10_000;

/** The counters. */
export class IngestStats {
  #since: number;
  #accepted = 0;
  #duplicates = 0;
  #rejected = 0;
  #otherDevices = 0;
  readonly #byReason = new Map<string, number>();
  readonly #bySource: IngestStatsSnapshot['bySource'] = {
    http: { accepted: 0, duplicates: 0, rejected: 0 },
    mqtt: { accepted: 0, duplicates: 0, rejected: 0 },
    detections: { accepted: 0, duplicates: 0, rejected: 0 },
  };
  readonly #devices = new Map<string, DeviceRejections>();
  readonly #maxDevices: number;

  constructor(since: number, maxDevices = MAX_TRACKED_DEVICES) {
    this.#since = since;
    this.#maxDevices = maxDevices;
  }

  /** Counts accepted readings (duplicates among them counted again as duplicates). */
  accept(source: IngestSource, accepted: number, duplicates: number): void {
    this.#accepted += accepted;
    this.#duplicates += duplicates;
    this.#bySource[source].accepted += accepted;
    this.#bySource[source].duplicates += duplicates;
  }

  /**
   * Counts one rejection. `deviceId` is null when the item named no device.
   * @example stats.reject('mqtt', 'wl-1', 'out_of_range', clock.now());
   */
  reject(source: IngestSource | null, deviceId: string | null, reason: string, at: number): void {
    this.#rejected++;
    if (source) this.#bySource[source].rejected++;
    this.#byReason.set(reason, (this.#byReason.get(reason) ?? 0) + 1);
    if (deviceId === null) return;
    let d = this.#devices.get(deviceId);
    if (!d) {
      if (this.#devices.size >= this.#maxDevices) {
        this.#otherDevices++;
        return;
      }
      d = { deviceId: deviceId.slice(0, 128), rejected: 0, byReason: {}, lastReason: reason, lastAt: at };
      this.#devices.set(deviceId, d);
    }
    d.rejected++;
    d.byReason[reason] = (d.byReason[reason] ?? 0) + 1;
    d.lastReason = reason;
    d.lastAt = at;
  }

  /**
   * The counters; `includeDevice` filters the per-device list (e.g. to the caller's scope),
   * `limit` caps it.
   */
  snapshot(includeDevice: (deviceId: string) => boolean = () => true, limit = 100): IngestStatsSnapshot {
    const devices = [...this.#devices.values()]
      .filter((d) => includeDevice(d.deviceId))
      .sort((a, b) => b.rejected - a.rejected || a.deviceId.localeCompare(b.deviceId))
      .slice(0, limit)
      .map((d) => ({ ...d, byReason: { ...d.byReason } }));
    return {
      since: this.#since,
      accepted: this.#accepted,
      duplicates: this.#duplicates,
      rejected: this.#rejected,
      byReason: Object.fromEntries(this.#byReason),
      bySource: structuredClone(this.#bySource),
      devices,
      otherDevicesRejected: this.#otherDevices,
    };
  }

  /** Rejections counted for one device (0 if none or not tracked). */
  rejectedFor(deviceId: string): number {
    return this.#devices.get(deviceId)?.rejected ?? 0;
  }
}
