/**
 * Garbage-sender throttling, per device. A device whose messages keep being refused (nothing in
 * them accepted, a topic it may not use, a packet too large) more than `maxBadPerWindow` times in
 * `windowMs` cools off for `coolOffMs`: its messages are dropped unread. If it keeps sending
 * more than `maxDroppedBeforeDisconnect` messages while cooling off, it is disconnected and may
 * not connect again until the cool-off ends. No I/O; time comes from the injected clock.
 * Memory: one small entry per device that misbehaved recently; quiet entries are swept.
 */
import type { Clock } from '../platform/clock.ts';

/** Throttle thresholds. */
export interface ThrottleSettings {
  /** Bad messages a device may send in one window before it cools off. */
  maxBadPerWindow: number;
  windowMs: number;
  coolOffMs: number;
  /** Messages a cooling-off device may still send before it is disconnected. */
  maxDroppedBeforeDisconnect: number;
}

/** Defaults: more than 20 bad messages in 10 s → 60 s cool-off; 20 more → disconnect. */
export const DEFAULT_THROTTLE: ThrottleSettings = {
  maxBadPerWindow: 20,
  windowMs: 10_000,
  coolOffMs: 60_000,
  maxDroppedBeforeDisconnect: 20,
};

/** What to do with a device's next message. */
export type ThrottleVerdict = 'pass' | 'drop' | 'disconnect';

interface DeviceState {
  windowStart: number;
  bad: number;
  /** End of the cool-off (epoch ms), 0 when not cooling off. */
  coolUntil: number;
  dropped: number;
}

/**
 * Per-device throttle state.
 * @example
 * const throttle = new DeviceThrottle(DEFAULT_THROTTLE, systemClock);
 * if (throttle.check('WL-1') === 'pass') { … if (nothingAccepted) throttle.recordBad('WL-1'); }
 */
export class DeviceThrottle {
  private readonly states = new Map<string, DeviceState>();
  private lastSweep: number;
  /** Times a device started cooling off, since start. */
  throttledTotal = 0;

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly clock: Clock,
  ) {
    this.lastSweep = clock.now();
  }

  /** Records a bad message; returns true if the device has just started cooling off. */
  recordBad(deviceId: string): boolean {
    const now = this.clock.now();
    this.sweep(now);
    let s = this.states.get(deviceId);
    if (s === undefined) {
      s = { windowStart: now, bad: 0, coolUntil: 0, dropped: 0 };
      this.states.set(deviceId, s);
    }
    if (s.coolUntil > now) return false;
    if (now - s.windowStart >= this.settings.windowMs) {
      s.windowStart = now;
      s.bad = 0;
    }
    s.bad++;
    if (s.bad <= this.settings.maxBadPerWindow) return false;
    s.coolUntil = now + this.settings.coolOffMs;
    s.dropped = 0;
    this.throttledTotal++;
    return true;
  }

  /** The verdict for a device's next message (counts it as dropped when cooling off). */
  check(deviceId: string): ThrottleVerdict {
    const s = this.states.get(deviceId);
    if (s === undefined || s.coolUntil === 0) return 'pass';
    const now = this.clock.now();
    if (s.coolUntil <= now) {
      this.states.delete(deviceId);
      return 'pass';
    }
    s.dropped++;
    return s.dropped > this.settings.maxDroppedBeforeDisconnect ? 'disconnect' : 'drop';
  }

  /** False while the device cools off after having been told to disconnect. */
  mayConnect(deviceId: string): boolean {
    const s = this.states.get(deviceId);
    if (s === undefined) return true;
    return !(s.coolUntil > this.clock.now() && s.dropped > this.settings.maxDroppedBeforeDisconnect);
  }

  /** Devices cooling off now. */
  coolingOff(): number {
    const now = this.clock.now();
    let n = 0;
    for (const s of this.states.values()) if (s.coolUntil > now) n++;
    return n;
  }

  /** Devices with state held (for tests and stats). */
  size(): number {
    return this.states.size;
  }

  /** Forgets devices whose window and cool-off are over; at most once per window. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.settings.windowMs) return;
    this.lastSweep = now;
    for (const [id, s] of this.states) {
      if (s.coolUntil <= now && now - s.windowStart >= this.settings.windowMs) this.states.delete(id);
    }
  }
}
