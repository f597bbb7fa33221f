/**
 * The in-process bus: subscribers are called in order of subscription, and `publish` awaits
 * them, so a slow consumer slows the producer (backpressure) instead of growing a queue.
 * A subscriber that throws is reported and does not stop the others.
 */
import { newId } from '../ids.ts';
import { subjectMatches, type Bus, type BusHandler, type Subscription } from './bus.ts';

/** Creates a memory bus; `onError` sees handler failures (default: console.error). */
export function createMemoryBus(options: { now?: () => number; onError?: (e: unknown, subject: string) => void } = {}): Bus {
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((e, subject) => console.error(`bus handler for ${subject} failed:`, e));
  let subs: Array<{ pattern: string; handler: BusHandler }> = [];
  let closed = false;
  return {
    async publish<T>(subject: string, data: T): Promise<void> {
      if (closed) throw new Error('bus is closed');
      const message = { id: newId(), subject, at: now(), data };
      for (const s of subs) {
        if (!subjectMatches(s.pattern, subject)) continue;
        try {
          await s.handler(message);
        } catch (e) {
          onError(e, subject);
        }
      }
    },
    subscribe<T>(pattern: string, handler: BusHandler<T>): Subscription {
      const entry = { pattern, handler: handler as BusHandler };
      subs.push(entry);
      return { unsubscribe: () => void (subs = subs.filter((s) => s !== entry)) };
    },
    async close() {
      closed = true;
      subs = [];
    },
  };
}
