/**
 * The in-process bus: subscribers are called in order of subscription, and `publish` awaits
 * them, so a slow consumer slows the producer (backpressure) instead of growing a queue.
 * A subscriber that throws is reported and does not stop the others.
 */
import { newId } from '../ids.ts';
import { subjectMatches, type Bus, type BusHandler, type Subscription } from './bus.ts';

/** Subjects whose subscriber lists are kept; past this (subjects made per item?) the cache starts over. */
const MAX_CACHED_SUBJECTS = 1024;

interface Entry {
  pattern: string;
  handler: BusHandler;
}

/** Creates a memory bus; `onError` sees handler failures (default: console.error). */
export function createMemoryBus(options: { now?: () => number; onError?: (e: unknown, subject: string) => void } = {}): Bus {
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((e, subject) => console.error(`bus handler for ${subject} failed:`, e));
  let subs: Entry[] = [];
  // The subscribers of each subject published to, until the subscriptions change: matching
  // split both strings for every subscriber on every publish (a reading batch goes out per shard).
  let bySubject = new Map<string, Entry[]>();
  let closed = false;
  const matching = (subject: string): Entry[] => {
    let list = bySubject.get(subject);
    if (!list) {
      if (bySubject.size >= MAX_CACHED_SUBJECTS) bySubject.clear();
      bySubject.set(subject, (list = subs.filter((s) => subjectMatches(s.pattern, subject))));
    }
    return list;
  };
  return {
    async publish<T>(subject: string, data: T): Promise<void> {
      if (closed) throw new Error('bus is closed');
      const message = { id: newId(), subject, at: now(), data };
      // The list in force when publishing began, even if a handler (un)subscribes meanwhile.
      for (const s of matching(subject)) {
        try {
          // Awaited only when the handler returned a promise: a synchronous one costs no turn.
          const pending = s.handler(message);
          if (pending) await pending;
        } catch (e) {
          onError(e, subject);
        }
      }
    },
    subscribe<T>(pattern: string, handler: BusHandler<T>): Subscription {
      const entry: Entry = { pattern, handler: handler as BusHandler };
      subs = [...subs, entry];
      bySubject = new Map();
      return {
        unsubscribe: () => {
          subs = subs.filter((s) => s !== entry);
          bySubject = new Map();
        },
      };
    },
    async close() {
      closed = true;
      subs = [];
      bySubject = new Map();
    },
  };
}
