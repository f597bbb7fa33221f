/**
 * The NATS JetStream bus (DESIGN §5), used when `NATS_URL` is set so several cityops processes
 * can split the roles (api, ingest, rules, scheduler) between them.
 *
 * Every subject is stored in one stream (`CITYOPS`, subjects `cityops.>`): `publish` resolves
 * once JetStream has stored the message, with the message id as `Nats-Msg-Id` so a retried
 * publish is stored once. A subscription with a work `group` is a durable pull consumer of that
 * name: the processes sharing a group share the messages, a message is acknowledged only after
 * its handler finished, a handler that throws gets it again after a pause (up to `maxDeliver`
 * times), and a restarted process resumes where its group stopped. A subscription without a
 * group is a plain NATS subscription: every process sees every message while it runs (screens,
 * caches), nothing is replayed. Handlers of one subscription run one message at a time, in
 * order, like the memory bus.
 */
import { connect, nanos, type NatsConnection, type Subscription as NatsSubscription } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { newId } from '../ids.ts';
import type { Bus, BusHandler, BusMessage, Subscription, SubscribeOptions } from './bus.ts';

/** Settings of the NATS bus; only `url` is required. */
export interface NatsBusOptions {
  /** Server(s), e.g. `nats://127.0.0.1:4222`. */
  url: string;
  /** The JetStream stream holding every subject (default `CITYOPS`). */
  stream?: string;
  /** Prefix put before every subject on the wire (default `cityops`). */
  prefix?: string;
  /** How long the stream keeps messages (default 7 days): how far a stopped group can catch up. */
  maxAgeMs?: number;
  /** Deliveries of one message to a group whose handler keeps throwing (default 5). */
  maxDeliver?: number;
  /** Pause before a failed message is delivered again (default 1 s). */
  retryDelayMs?: number;
  now?: () => number;
  onError?: (e: unknown, subject: string) => void;
}

/** What travels on the wire: the message without its subject, which NATS carries. */
interface Envelope {
  id: string;
  at: number;
  data: unknown;
}

const DUPLICATE_WINDOW_MS = 120_000;
const ACK_WAIT_MS = 30_000;

/** A group name as a durable consumer name: NATS forbids `.`, `*`, `>` and spaces in it. */
export function durableName(group: string): string {
  if (!/^[\w.-]+$/.test(group)) throw new Error(`bus group "${group}": use letters, digits, '_', '-' and '.' only`);
  return group.replace(/\./g, '_');
}

/**
 * Connects to NATS, makes sure the stream exists, and returns the bus.
 * @example const bus = await createNatsBus({ url: 'nats://127.0.0.1:4222' });
 */
export async function createNatsBus(options: NatsBusOptions): Promise<Bus> {
  const stream = options.stream ?? 'CITYOPS';
  const prefix = options.prefix ?? 'cityops';
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((e, subject) => console.error(`bus handler for ${subject} failed:`, e));
  const nc = await connect({ servers: options.url, name: 'cityops' }).catch((e: unknown) => {
    throw new Error(
      `NATS_URL ${options.url}: cannot connect (${(e as Error).message}); start nats-server -js there, or unset NATS_URL for the in-process bus`,
    );
  });
  try {
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm, stream, prefix, options.maxAgeMs ?? 7 * 86_400_000);
    return natsBus(nc, jsm, jetstream(nc), {
      stream,
      prefix,
      now,
      onError,
      maxDeliver: options.maxDeliver ?? 5,
      retryDelayMs: options.retryDelayMs ?? 1_000,
    });
  } catch (e) {
    await nc.close();
    throw e;
  }
}

/** Creates the stream, or checks that an existing one takes our subjects. */
async function ensureStream(jsm: JetStreamManager, name: string, prefix: string, maxAgeMs: number): Promise<void> {
  const subjects = [`${prefix}.>`];
  const existing = await jsm.streams.info(name).catch(() => null);
  if (existing) {
    if (!existing.config.subjects?.includes(subjects[0]!))
      throw new Error(`NATS stream ${name} exists without subject ${subjects[0]}; remove it or choose another stream name`);
    return;
  }
  await jsm.streams
    .add({ name, subjects, storage: StorageType.File, max_age: nanos(maxAgeMs), duplicate_window: nanos(DUPLICATE_WINDOW_MS) })
    // Another process may have created it between our look and our add.
    .catch(async (e: unknown) => {
      if (!(await jsm.streams.info(name).catch(() => null))) throw e;
    });
}

interface Settings {
  stream: string;
  prefix: string;
  now: () => number;
  onError: (e: unknown, subject: string) => void;
  maxDeliver: number;
  retryDelayMs: number;
}

/** One running subscription: how to stop it, and its loop to await on close. */
interface Running {
  stop(): void;
  done: Promise<void>;
}

function natsBus(nc: NatsConnection, jsm: JetStreamManager, js: JetStreamClient, s: Settings): Bus {
  const running = new Set<Running>();
  const settingUp = new Set<Promise<void>>();
  let closed = false;
  const wireSubject = (subject: string) => `${s.prefix}.${subject}`;
  const busSubject = (wire: string) => wire.slice(s.prefix.length + 1);
  const decode = (subject: string, bytes: { json<T>(): T }): BusMessage => {
    const e = bytes.json<Envelope>();
    return { id: e.id, subject: busSubject(subject), at: e.at, data: e.data };
  };

  /** Makes (or finds) a group's durable consumer and starts taking its messages. */
  const openGroup = async (pattern: string, group: string): Promise<ConsumerMessages> => {
    const durable = durableName(group);
    const config = {
      durable_name: durable,
      filter_subject: wireSubject(pattern),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
      ack_wait: nanos(ACK_WAIT_MS),
      max_deliver: s.maxDeliver,
    };
    const info = await jsm.consumers.info(s.stream, durable).catch(() => null);
    if (!info) await jsm.consumers.add(s.stream, config);
    else if (info.config.filter_subject !== config.filter_subject)
      throw new Error(`bus group ${group} already takes ${info.config.filter_subject ?? 'another subject'}, not ${config.filter_subject}`);
    const consumer = await js.consumers.get(s.stream, durable);
    return consumer.consume({ max_messages: 256 });
  };

  /** A group's messages one at a time, each acknowledged after its handler finished. */
  const groupLoop = async (messages: ConsumerMessages, handler: BusHandler) => {
    for await (const m of messages) {
      let message: BusMessage;
      try {
        message = decode(m.subject, m);
      } catch (e) {
        s.onError(e, busSubject(m.subject));
        m.term('not a cityops bus message');
        continue;
      }
      try {
        await handler(message);
        m.ack();
      } catch (e) {
        s.onError(e, message.subject);
        m.nak(s.retryDelayMs);
      }
    }
  };

  /** Every process's own plain subscription: at most once, while it runs. */
  const broadcastLoop = async (sub: NatsSubscription, handler: BusHandler) => {
    for await (const m of sub) {
      let message: BusMessage | undefined;
      try {
        message = decode(m.subject, m);
        await handler(message);
      } catch (e) {
        s.onError(e, message?.subject ?? busSubject(m.subject));
      }
    }
  };

  return {
    async publish<T>(subject: string, data: T): Promise<void> {
      if (closed) throw new Error('bus is closed');
      if (settingUp.size > 0) await Promise.all(settingUp);
      const id = newId();
      const envelope: Envelope = { id, at: s.now(), data };
      await js.publish(wireSubject(subject), JSON.stringify(envelope), { msgID: id });
    },

    subscribe<T>(pattern: string, handler: BusHandler<T>, options: SubscribeOptions = {}): Subscription {
      if (closed) throw new Error('bus is closed');
      let entry: Running;
      if (options.group === undefined) {
        const sub = nc.subscribe(wireSubject(pattern));
        entry = { stop: () => sub.unsubscribe(), done: broadcastLoop(sub, handler as BusHandler) };
      } else {
        let stopped = false;
        const opened = openGroup(pattern, options.group);
        // Publishing waits for groups being set up, so a message published by this process
        // right after subscribing is not missed by a consumer that does not exist yet.
        const ready = opened.then(
          () => undefined,
          () => undefined,
        );
        settingUp.add(ready);
        void ready.then(() => settingUp.delete(ready));
        entry = {
          stop: () => {
            stopped = true;
            void opened.then((m) => m.close()).catch(() => undefined);
          },
          done: opened
            .then((messages) => (stopped ? messages.close().then(() => undefined) : groupLoop(messages, handler as BusHandler)))
            // A group still being set up when the bus closes fails for that reason only: not worth a report.
            .catch((e: unknown) => void (closed ? undefined : s.onError(e, pattern))),
        };
      }
      running.add(entry);
      return {
        unsubscribe: () => {
          entry.stop();
          running.delete(entry);
        },
      };
    },

    async close() {
      if (closed) return;
      closed = true;
      const loops = [...running];
      running.clear();
      for (const r of loops) r.stop();
      await Promise.all(loops.map((r) => r.done));
      // Drain, not close: drain withdraws our subscriptions and waits for the server to confirm,
      // so a group's outstanding pull request is gone before close returns. After a bare close
      // the server could still hand a message published by another process a moment later to
      // that dead request, and the group's next process would see it only after the ack wait (30 s).
      if (nc.isClosed()) return;
      await nc.drain().catch(() => nc.close());
    },
  };
}
