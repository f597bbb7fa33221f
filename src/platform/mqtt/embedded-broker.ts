/**
 * An MQTT broker inside the process: aedes on a TCP port, with the decisions (who may connect,
 * publish, subscribe) and the handling of each publish injected as hooks. Knows no domain word.
 *
 * Backpressure: `onPublish` runs inside aedes' publish authorization, before the broker
 * acknowledges the message (QoS 1 PUBACK) or forwards it, and aedes reads nothing more from that
 * connection until every packet of the chunk it is handling has been through the hooks. So a
 * promise returned by `onPublish` holds the publisher's socket: when the consumer is slow, the
 * kernel buffers fill and TCP flow control stops the publisher. Work held per connection is at
 * most one socket read (≤ 64 KiB of packets); nothing queues without bound.
 */
import type { EventEmitter } from 'node:events';
import net from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { MqttFrameScanner } from './frame-scanner.ts';

/** Who a connection is, as the hooks see it. `username` is null before or without sign-in. */
export interface BrokerClientInfo {
  readonly clientId: string;
  readonly username: string | null;
}

/** Why the broker refused something by itself. */
export type BrokerRefusal = 'packet-too-large' | 'malformed-packet' | 'client-id-taken';

/** `true` accepts; `false` answers "bad user name or password"; `'not-authorized'` answers so. */
export type AuthVerdict = boolean | 'not-authorized';

/** The broker's decisions and consumer, injected. */
export interface EmbeddedBrokerHooks {
  /** Checks a CONNECT. A throw answers "server unavailable" (the client retries later). */
  authenticate(clientId: string, username: string | null, password: string | null): Promise<AuthVerdict>;
  /** May this client publish to this topic? `false` closes the connection (MQTT 3.1.1 §3.3.5). */
  authorizePublish(client: BrokerClientInfo, topic: string): boolean;
  /** May this client subscribe to this filter? `false` answers SUBACK failure (0x80). */
  authorizeSubscribe(client: BrokerClientInfo, topicFilter: string): boolean;
  /**
   * Takes an authorized publish. Awaited before the broker acknowledges it and before more is
   * read from the connection (see the file comment). A rejection closes the connection unacknowledged.
   */
  onPublish(username: string | null, topic: string, payload: Buffer, client: BrokerClientInfo): void | Promise<void>;
  /**
   * The broker refused something on its own: a packet over `maxPacketBytes` or with a malformed
   * length (the connection is closed), or a CONNECT with a client id another user holds.
   */
  onRefused?(client: BrokerClientInfo, reason: BrokerRefusal, detail: string): void;
}

/** Options of {@link startEmbeddedBroker}. */
export interface EmbeddedBrokerOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Address to bind; default `0.0.0.0`. */
  host?: string;
  hooks: EmbeddedBrokerHooks;
  /** Largest packet accepted (remaining length, bytes); default 1 MiB. Bigger ones close the connection. */
  maxPacketBytes?: number;
  /** Appended to the "port in use" error, e.g. which option or variable to change. */
  portInUseAdvice?: string;
  /** Where problems are reported; default nowhere. */
  log?: (line: string) => void;
}

/** A running embedded broker. */
export interface EmbeddedBroker {
  /** The port it listens on (the one the kernel picked when asked for 0). */
  readonly port: number;
  readonly host: string;
  /** Clients past CONNECT. */
  connectedClients(): number;
  /** Closes a client's connection; false if no such client is connected (or it is closing). */
  disconnect(clientId: string): boolean;
  /** Disconnects every client and stops listening; resolves when the port is free. */
  close(): Promise<void>;
}

const DEFAULT_MAX_PACKET = 1024 * 1024;

function refusal(verdict: false | 'not-authorized'): AuthenticateError {
  const code = verdict === false ? 4 : 5; // 4 bad user name or password, 5 not authorized
  return Object.assign(new Error(code === 4 ? 'bad user name or password' : 'not authorized'), {
    returnCode: code,
  });
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

function listenError(e: NodeJS.ErrnoException, port: number, host: string, advice: string): Error {
  if (e.code === 'EADDRINUSE') {
    return new Error(`MQTT port ${port} on ${host} is already in use (another MQTT broker or another copy of this program?). ${advice}`, {
      cause: e,
    });
  }
  if (e.code === 'EACCES') {
    return new Error(`no permission to listen on MQTT port ${port} (ports below 1024 need privileges). ${advice}`, { cause: e });
  }
  return new Error(`the embedded MQTT broker cannot listen on ${host}:${port}: ${e.message}`, { cause: e });
}

/**
 * Starts aedes on a TCP port. Rejects with a message that says what to do when the port is taken.
 * @example
 * const broker = await startEmbeddedBroker({ port: 1883, hooks });
 * await broker.close();
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { hooks } = options;
  const host = options.host ?? '0.0.0.0';
  const maxPacket = options.maxPacketBytes ?? DEFAULT_MAX_PACKET;
  const log = options.log ?? (() => {});
  /** Sign-in facts per aedes client, set once authenticated. */
  const infos = new WeakMap<Client, BrokerClientInfo>();
  /** Connected clients by id, to refuse a takeover of another user's client id and to disconnect. */
  const byId = new Map<string, { client: Client; username: string | null }>();
  const sockets = new Set<net.Socket>();
  let closing = false;

  const info = (client: Client | null): BrokerClientInfo => (client && infos.get(client)) || { clientId: client?.id ?? '', username: null };

  const aedes = await Aedes.createBroker({
    // No broker-wide cap on deliveries in flight (aedes' default is 100). With a cap, one
    // subscriber that stops reading fills it and stalls every publish on the broker, and when
    // that subscriber goes, mqemitter works off its backlog recursively and overflows the stack
    // (reproduced with aedes 1.2 / mqemitter 7.1). Without it a publish still waits for its own
    // deliveries, so memory stays bounded by one socket read per publishing connection.
    concurrency: 0,
    authenticate(client, username, password, done) {
      const clientId = client.id;
      const user = username ?? null;
      const secret = password === undefined ? null : password.toString('utf8');
      Promise.resolve()
        .then(() => hooks.authenticate(clientId, user, secret))
        .then(
          (verdict) => {
            if (verdict !== true) return done(refusal(verdict), false);
            const holder = byId.get(clientId);
            // MQTT lets a new connection with the same client id take the old one over; only the
            // same user may do that, or one device could kick another off by borrowing its id.
            if (holder !== undefined && holder.username !== user) {
              hooks.onRefused?.({ clientId, username: user }, 'client-id-taken', `client id ${clientId} is held by another user`);
              return done(refusal('not-authorized'), false);
            }
            infos.set(client, { clientId, username: user });
            done(null, true);
          },
          (e: unknown) => {
            log(`MQTT authenticate failed for client ${clientId}: ${String(e)}`);
            done(Object.assign(new Error('server unavailable'), { returnCode: 3 }), false);
          },
        );
    },
    authorizePublish(client, packet, callback) {
      if (client === null || closing) return callback(new Error('not accepting publishes'));
      const who = info(client);
      let result: void | Promise<void>;
      try {
        if (!hooks.authorizePublish(who, packet.topic)) return callback(new Error(`not authorized to publish to ${packet.topic}`));
        packet.retain = false; // a client's last message is not kept for later subscribers
        const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
        result = hooks.onPublish(who.username, packet.topic, payload, who);
      } catch (e) {
        return callback(toError(e));
      }
      if (result instanceof Promise) {
        result.then(
          () => callback(null),
          (e: unknown) => callback(toError(e)),
        );
      } else callback(null);
    },
    authorizeSubscribe(client, subscription, callback) {
      let allowed = false;
      try {
        allowed = hooks.authorizeSubscribe(info(client), subscription.topic);
      } catch (e) {
        log(`MQTT authorizeSubscribe failed: ${String(e)}`);
      }
      callback(null, allowed ? subscription : null);
    },
  });
  aedes.on('client', (client) => byId.set(client.id, { client, username: info(client).username }));
  aedes.on('clientDisconnect', (client) => {
    if (byId.get(client.id)?.client === client) byId.delete(client.id);
  });
  const emitter: EventEmitter = aedes; // 'error' is missing from aedes' typed events
  emitter.on('error', (e: unknown) => log(`MQTT broker error: ${String(e)}`));

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    const client = aedes.handle(socket);
    guardPacketSize(socket, maxPacket, (reason, detail) => hooks.onRefused?.(info(client), reason, detail));
  });

  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const advice = options.portInUseAdvice ?? 'Stop the other process or choose another port.';
      aedes.close(() => reject(listenError(e, options.port, host, advice)));
    });
    server.listen(options.port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : options.port);
    });
  });
  server.on('error', (e) => log(`MQTT listener error: ${String(e)}`));

  let closed: Promise<void> | null = null;
  return {
    port: bound,
    host,
    connectedClients: () => byId.size,
    disconnect(clientId) {
      const holder = byId.get(clientId);
      if (holder === undefined || holder.client.closed) return false;
      holder.client.close();
      return true;
    },
    close() {
      closed ??= (async () => {
        closing = true;
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        // Connections that never finished CONNECT are not aedes clients yet; end them too.
        for (const socket of sockets) socket.destroy();
        await serverClosed;
      })();
      return closed;
    },
  };
}

/**
 * Watches what aedes reads from the socket and closes it when a packet announces more than
 * `maxPacket` bytes, before the parser starts buffering the body. aedes pulls with
 * `socket.read()`, so wrapping that one method sees every byte without copying or re-streaming.
 */
function guardPacketSize(socket: net.Socket, maxPacket: number, onRefused: (reason: BrokerRefusal, detail: string) => void): void {
  const scanner = new MqttFrameScanner(maxPacket);
  const read = socket.read.bind(socket);
  socket.read = (size?: number): unknown => {
    const chunk: unknown = read(size);
    if (chunk instanceof Uint8Array) {
      const problem = scanner.feed(chunk);
      if (problem !== null) {
        const tooLarge = problem.kind === 'too-large';
        const text = tooLarge ? `packet of ${problem.bytes} bytes exceeds the limit of ${maxPacket}` : 'malformed packet length';
        socket.destroy(new Error(text));
        onRefused(tooLarge ? 'packet-too-large' : 'malformed-packet', text);
        return null;
      }
    }
    return chunk;
  };
}
