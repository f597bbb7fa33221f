/**
 * The MQTT topic layout for devices (shared/DESIGN.md §6). Pure.
 *
 *   cityops/v1/devices/{deviceId}/readings   a device publishes its readings here
 *
 * A device id is one topic level: non-empty, at most 128 characters, without `/`, `+`, `#` or NUL.
 */

/** The prefix every device topic starts with. */
export const DEVICE_TOPIC_PREFIX = 'cityops/v1/devices/';

/** The filter the platform subscribes to on an external broker. */
export const READINGS_FILTER = `${DEVICE_TOPIC_PREFIX}+/readings`;

const MAX_DEVICE_ID = 128;

/** True if the string can be a device id in a topic (and an MQTT user name). */
export function isTopicSafeDeviceId(id: string): boolean {
  return id.length > 0 && id.length <= MAX_DEVICE_ID && !/[/+#\0]/.test(id);
}

/**
 * The readings topic of a device.
 * @example readingsTopic('WL-0042') // 'cityops/v1/devices/WL-0042/readings'
 */
export function readingsTopic(deviceId: string): string {
  return `${DEVICE_TOPIC_PREFIX}${deviceId}/readings`;
}

/**
 * The device id of a readings topic, or null if the topic is not one.
 * @example readingsDeviceId('cityops/v1/devices/WL-0042/readings') // 'WL-0042'
 */
export function readingsDeviceId(topic: string): string | null {
  if (!topic.startsWith(DEVICE_TOPIC_PREFIX) || !topic.endsWith('/readings')) return null;
  const id = topic.slice(DEVICE_TOPIC_PREFIX.length, topic.length - '/readings'.length);
  return isTopicSafeDeviceId(id) ? id : null;
}

/** True if a subscription filter stays inside the device's own topics (`cityops/v1/devices/{id}/…`). */
export function isOwnTopicFilter(deviceId: string, filter: string): boolean {
  const own = `${DEVICE_TOPIC_PREFIX}${deviceId}/`;
  return filter.startsWith(own) && filter.length > own.length;
}
