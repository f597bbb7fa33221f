/**
 * Where the screen's device snapshot comes from and how old it may be. Reading 100,000 devices
 * holds the event loop some hundreds of ms (one pass over the latest values), and liveness
 * changes only after a device misses its interval (30 min and more), so the snapshot is kept and
 * read again when it is due — at once for the map, which draws every device's status, and a
 * moment later for the KPI panel, which can show counts of a known age meanwhile.
 */
import { readDeviceSnapshot, type DeviceSnapshot, type ReadDevices } from './device-snapshot.ts';

/** Tunables of {@link DeviceSource} (ms). */
export interface DeviceSourceOptions {
  /** Age after which the snapshot is read again; the map is answered stale meanwhile, up to 4×. */
  devicesMs: number;
  /** How long after a KPI answer found the snapshot due its reread starts. */
  devicesRevalidateMs: number;
}

/** The kept device snapshot. */
export class DeviceSource {
  #snap: DeviceSnapshot | null = null;
  #realAt = 0;
  #loading: Promise<DeviceSnapshot> | null = null;
  #revalidate: ReturnType<typeof setTimeout> | null = null;
  readonly #read: ReadDevices;
  readonly #now: () => number;
  readonly #o: DeviceSourceOptions;

  /** `now` is the platform clock. */
  constructor(read: ReadDevices, now: () => number, options: DeviceSourceOptions) {
    this.#read = read;
    this.#now = now;
    this.#o = options;
  }

  /**
   * The snapshot for the map: read again when older than `devicesMs`, answered stale (up to 4×)
   * while that runs.
   * @example const snap = await source.forMap();
   */
  forMap(): Promise<DeviceSnapshot> {
    const s = this.#snap;
    const age = this.#age();
    if (s && age < this.#o.devicesMs) return Promise.resolve(s);
    const loading = this.#reread();
    return s && age < 4 * this.#o.devicesMs ? Promise.resolve(s) : loading;
  }

  /**
   * The snapshot for the KPI panel: the one there is, however old (the counts carry its `asOf`),
   * with a reread `devicesRevalidateMs` later when it is due; only the very first is waited for.
   * A screen opened after a quiet spell asks for its KPIs and its polygons together: a reread
   * started at once made the polygons — the screen's first paint — wait behind it. The map's own
   * device read comes after the polygons are drawn and rereads at once when due.
   * @example const snap = await source.forKpis();
   */
  forKpis(): Promise<DeviceSnapshot> {
    const s = this.#snap;
    if (!s) return this.#reread();
    if (this.#age() >= this.#o.devicesMs && !this.#loading && !this.#revalidate) {
      this.#revalidate = setTimeout(() => {
        this.#revalidate = null;
        // A failed read is tried again by the next caller.
        if (this.#age() >= this.#o.devicesMs) this.#reread().catch(() => undefined);
      }, this.#o.devicesRevalidateMs);
      this.#revalidate.unref?.();
    }
    return Promise.resolve(s);
  }

  /** Stops a pending reread. */
  close(): void {
    if (this.#revalidate) clearTimeout(this.#revalidate);
    this.#revalidate = null;
  }

  /** Age by real time or the platform clock, whichever is older (∞: none yet). */
  #age(): number {
    const s = this.#snap;
    return s ? Math.max(performance.now() - this.#realAt, this.#now() - s.asOf) : Number.POSITIVE_INFINITY;
  }

  /** Starts a read unless one is running; its promise. */
  #reread(): Promise<DeviceSnapshot> {
    this.#loading ??= readDeviceSnapshot(this.#read, this.#now())
      .then((snap) => {
        this.#snap = snap;
        this.#realAt = performance.now();
        return snap;
      })
      .finally(() => {
        this.#loading = null;
      });
    return this.#loading;
  }
}
