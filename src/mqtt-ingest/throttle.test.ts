import { describe, expect, it } from 'vitest';
import { manualClock } from '../platform/clock.ts';
import { DeviceThrottle } from './throttle.ts';

const SETTINGS = { maxBadPerWindow: 3, windowMs: 10_000, coolOffMs: 60_000, maxDroppedBeforeDisconnect: 2 };

describe('DeviceThrottle', () => {
  it('cools a device off after more than maxBadPerWindow bad messages in a window, then disconnects it if it persists', () => {
    const clock = manualClock(0);
    const t = new DeviceThrottle(SETTINGS, clock);
    expect([t.recordBad('d'), t.recordBad('d'), t.recordBad('d')]).toEqual([false, false, false]);
    expect(t.check('d')).toBe('pass');
    expect(t.recordBad('d')).toBe(true);
    expect(t.throttledTotal).toBe(1);
    expect(t.coolingOff()).toBe(1);
    expect([t.check('d'), t.check('d'), t.check('d')]).toEqual(['drop', 'drop', 'disconnect']);
    expect(t.mayConnect('d')).toBe(false);
    expect(t.check('other')).toBe('pass');
    expect(t.mayConnect('other')).toBe(true);
    clock.advance(60_000);
    expect(t.mayConnect('d')).toBe(true);
    expect(t.check('d')).toBe('pass');
    expect(t.coolingOff()).toBe(0);
  });

  it('counts bad messages per window: a slow trickle is never throttled', () => {
    const clock = manualClock(0);
    const t = new DeviceThrottle(SETTINGS, clock);
    for (let i = 0; i < 100; i++) {
      expect(t.recordBad('d')).toBe(false);
      clock.advance(4_000); // 3 per 10 s window at most
    }
    expect(t.check('d')).toBe('pass');
  });

  it('may connect while dropping, until told to disconnect', () => {
    const t = new DeviceThrottle(SETTINGS, manualClock(0));
    for (let i = 0; i < 4; i++) t.recordBad('d');
    expect(t.check('d')).toBe('drop');
    expect(t.mayConnect('d')).toBe(true);
  });

  it('forgets quiet devices', () => {
    const clock = manualClock(0);
    const t = new DeviceThrottle(SETTINGS, clock);
    for (let i = 0; i < 1000; i++) t.recordBad(`d${i}`);
    expect(t.size()).toBe(1000);
    clock.advance(10_000);
    t.recordBad('late');
    expect(t.size()).toBe(1);
  });
});
