/**
 * The event bus between stages (DESIGN §5). Subjects are dotted strings (`readings.3`,
 * `detections`, `alerts`, `cases`, `live`); messages are plain JSON-able objects with an id so
 * consumers can be idempotent. The memory bus is the default; a NATS JetStream bus implements
 * the same interface when a city outgrows one process.
 */

/** A message on the bus. `id` makes redelivery harmless: consumers skip ids they have seen. */
export interface BusMessage<T = unknown> {
  id: string;
  subject: string;
  /** Epoch ms when published. */
  at: number;
  data: T;
}

/** A subscriber. Returning a promise applies backpressure: the bus awaits it before the next. */
export type BusHandler<T = unknown> = (message: BusMessage<T>) => void | Promise<void>;

/** How a subscriber takes a subject's messages when several processes share the bus. */
export interface SubscribeOptions {
  /**
   * A work group: the processes subscribing with the same group share the subject's messages,
   * each taken by one of them and redelivered if that one fails before finishing (NATS: one
   * durable JetStream consumer of that name, which also remembers its place across restarts).
   * Without a group every process sees every message while it runs — screens, caches. The
   * memory bus has a single process, so it ignores this.
   */
  group?: string;
}

/** A subscription that can be ended. */
export interface Subscription {
  unsubscribe(): void;
}

/** The bus contract. */
export interface Bus {
  /**
   * Publishes one message; resolves once it is safe: the memory bus once every subscriber has
   * taken it, the NATS bus once JetStream has stored it (subscribers take it in their own time).
   */
  publish<T>(subject: string, data: T): Promise<void>;
  /**
   * Subscribes to a subject; `*` matches one token and `>` the rest (NATS wildcards), e.g.
   * `readings.*`.
   */
  subscribe<T>(pattern: string, handler: BusHandler<T>, options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

/** True if a NATS-style pattern matches a subject. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    const token = p[i];
    if (token === '>') return s.length > i;
    if (i >= s.length) return false;
    if (token !== '*' && token !== s[i]) return false;
  }
  return p.length === s.length;
}
