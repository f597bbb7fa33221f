import { describe, expect, it } from 'vitest';
import { isOwnTopicFilter, isTopicSafeDeviceId, READINGS_FILTER, readingsDeviceId, readingsTopic } from './topics.ts';

describe('device topics', () => {
  it('round-trips a device id through its readings topic', () => {
    for (const id of ['WL-0042', '0190f3a2-7c1e-7000-8000-000000000001', '黄浦-井盖-17']) {
      expect(readingsDeviceId(readingsTopic(id))).toBe(id);
    }
    expect(READINGS_FILTER).toBe('cityops/v1/devices/+/readings');
  });

  it('refuses what is not one device readings topic', () => {
    for (const topic of [
      'cityops/v1/devices//readings',
      'cityops/v1/devices/a/b/readings',
      'cityops/v1/devices/a/readings/x',
      'cityops/v1/devices/a/detections',
      'cityops/v2/devices/a/readings',
      'devices/a/readings',
      `cityops/v1/devices/${'x'.repeat(129)}/readings`,
    ]) {
      expect(readingsDeviceId(topic)).toBeNull();
    }
  });

  it('keeps device ids to one safe topic level', () => {
    expect(isTopicSafeDeviceId('a')).toBe(true);
    for (const id of ['', 'a/b', 'a+', '#', 'a\0']) expect(isTopicSafeDeviceId(id)).toBe(false);
  });

  it('allows subscriptions only under the device own topics', () => {
    expect(isOwnTopicFilter('a', 'cityops/v1/devices/a/commands')).toBe(true);
    expect(isOwnTopicFilter('a', 'cityops/v1/devices/a/#')).toBe(true);
    expect(isOwnTopicFilter('a', 'cityops/v1/devices/a/')).toBe(false);
    expect(isOwnTopicFilter('a', 'cityops/v1/devices/ab/commands')).toBe(false);
    expect(isOwnTopicFilter('a', 'cityops/v1/devices/+/readings')).toBe(false);
    expect(isOwnTopicFilter('a', '#')).toBe(false);
  });
});
