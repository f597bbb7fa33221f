/**
 * The embedded broker's decisions for devices: a device signs in with user name = its id and
 * password = its secret; it may publish only to its own readings topic and subscribe only under
 * its own topics (`cityops/v1/devices/{id}/…`). Refusals are counted here and per device by
 * the sensing service (`recordRejection`), and feed the garbage throttle.
 */
import type { EmbeddedBrokerHooks } from '../platform/mqtt/embedded-broker.ts';
import { MQTT_REJECTION_REASONS, type DeviceIngest } from './device-ingest.ts';
import type { IngestCounters, MessageHandler } from './message-handler.ts';
import type { DeviceThrottle } from './throttle.ts';
import { isOwnTopicFilter, isTopicSafeDeviceId, readingsDeviceId } from './topics.ts';

/** What the hooks work with. */
export interface DeviceHooksDeps {
  ingest: DeviceIngest;
  throttle: DeviceThrottle;
  counters: IngestCounters;
  handle: MessageHandler;
}

/**
 * Builds the broker hooks for devices.
 * @example const broker = await startEmbeddedBroker({ port, hooks: deviceHooks(deps) });
 */
export function deviceHooks(deps: DeviceHooksDeps): EmbeddedBrokerHooks {
  const { ingest, throttle, counters, handle } = deps;
  const { auth, acl, throttled, tooLarge } = MQTT_REJECTION_REASONS;
  return {
    async authenticate(_clientId, username, password) {
      if (username === null || !isTopicSafeDeviceId(username) || password === null) {
        counters.connections.refusedAuth++;
        if (username !== null && isTopicSafeDeviceId(username)) ingest.recordRejection(username, auth);
        return false;
      }
      if (!throttle.mayConnect(username)) {
        counters.connections.refusedThrottled++;
        ingest.recordRejection(username, throttled);
        return 'not-authorized';
      }
      if (await ingest.authenticateDevice(username, password)) return true;
      counters.connections.refusedAuth++;
      ingest.recordRejection(username, auth);
      return false;
    },

    authorizePublish(client, topic) {
      const id = client.username;
      if (id !== null && readingsDeviceId(topic) === id) return true;
      counters.messages.refusedAcl++;
      if (id !== null) {
        ingest.recordRejection(id, acl);
        throttle.recordBad(id);
      }
      return false;
    },

    authorizeSubscribe(client, filter) {
      return client.username !== null && isOwnTopicFilter(client.username, filter);
    },

    onPublish(username, _topic, payload, client) {
      // authorizePublish let it through, so the user name is the topic's device id.
      if (username === null) return Promise.reject(new Error('publish without a signed-in device'));
      return handle(username, payload, client.clientId);
    },

    onRefused(client, reason) {
      switch (reason) {
        case 'client-id-taken':
          counters.connections.refusedClientId++;
          return;
        case 'packet-too-large':
        case 'malformed-packet':
          counters.messages.tooLarge++;
          if (client.username !== null) {
            ingest.recordRejection(client.username, tooLarge);
            throttle.recordBad(client.username);
          }
          return;
      }
    },
  };
}
