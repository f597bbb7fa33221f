/**
 * A cap on how many payloads are inside the sensing service at once. Jobs over the cap wait in
 * a FIFO (so a device's payloads start in the order they arrived). The waiting list cannot grow
 * without bound because every waiting job holds its publisher: with the embedded broker the
 * job's connection is not read until its jobs finish; with an external broker the next message
 * is not taken until `whenNotFull()` resolves.
 */

/** Counters of a limiter. */
export interface InFlightCounts {
  active: number;
  waiting: number;
  limit: number;
  peakActive: number;
  peakWaiting: number;
}

/**
 * Runs async jobs with at most `limit` at a time.
 * @example
 * const limiter = new InFlightLimiter(1000);
 * await limiter.run(() => ingest.ingestPayload(id, payload, now));
 */
export class InFlightLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private roomWaiters: Array<() => void> = [];
  private idleWaiters: Array<() => void> = [];
  private peakActive = 0;
  private peakWaiting = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`in-flight limit must be a whole number ≥ 1, got ${limit}`);
  }

  /** Runs `job` now if under the cap, else when a slot frees; settles as the job does. */
  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) return this.start(job);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        this.start(job).then(resolve, reject);
      });
      if (this.waiting.length > this.peakWaiting) this.peakWaiting = this.waiting.length;
    });
  }

  /** Resolves once no job waits for a slot. */
  whenNotFull(): Promise<void> {
    if (this.waiting.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  /** Resolves once no job runs or waits. */
  idle(): Promise<void> {
    if (this.active === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Current and peak counts. */
  counts(): InFlightCounts {
    return {
      active: this.active,
      waiting: this.waiting.length,
      limit: this.limit,
      peakActive: this.peakActive,
      peakWaiting: this.peakWaiting,
    };
  }

  private start<T>(job: () => Promise<T>): Promise<T> {
    this.active++;
    if (this.active > this.peakActive) this.peakActive = this.active;
    let p: Promise<T>;
    try {
      p = job();
    } catch (e) {
      p = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return p.finally(() => this.finish());
  }

  private finish(): void {
    this.active--;
    const next = this.waiting.shift();
    if (next !== undefined) next();
    if (this.waiting.length === 0 && this.roomWaiters.length > 0) {
      const waiters = this.roomWaiters;
      this.roomWaiters = [];
      for (const w of waiters) w();
    }
    if (this.active === 0 && this.waiting.length === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
