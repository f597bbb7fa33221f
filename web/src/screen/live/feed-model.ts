/**
 * The live feed's lines: the newest events first, at most `capacity` of them (older ones fall
 * off), and the events waiting for the next frame. Events arrive in bursts (one SSE batch every
 * 100 ms, up to 1,000 events a second); they are queued here and drawn once per animation frame,
 * and a queue longer than the feed is cut on the way in, so a hidden tab (no frames) or a flood
 * costs no more than `capacity` lines. Pure.
 */
import type { LiveEvent } from '../types.ts';

/** Lines kept on screen. */
export const FEED_CAPACITY = 200;

/** The feed: lines shown and lines waiting for a frame. */
export class FeedBuffer {
  private shown: LiveEvent[] = [];
  private pending: LiveEvent[] = [];
  private readonly seen = new Set<string>();

  constructor(readonly capacity = FEED_CAPACITY) {}

  /** Queues events (oldest first, as they arrive); replays of an event already queued or shown are skipped. */
  queue(events: readonly LiveEvent[]): void {
    for (const e of events) {
      if (this.seen.has(e.id)) continue;
      this.seen.add(e.id);
      this.pending.push(e);
    }
    if (this.pending.length > this.capacity) this.pending = this.pending.slice(-this.capacity);
  }

  /** Whether a frame has something to draw. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Moves the queued events onto the feed (newest first) and returns the lines to show. */
  flush(): readonly LiveEvent[] {
    if (this.pending.length > 0) {
      const incoming = this.pending.reverse();
      this.pending = [];
      this.shown = incoming.concat(this.shown).slice(0, this.capacity);
      // Forget ids that fell off both lists, so `seen` stays as small as the feed.
      if (this.seen.size > this.capacity * 4) {
        this.seen.clear();
        for (const e of this.shown) this.seen.add(e.id);
      }
    }
    return this.shown;
  }

  /** The lines now shown. */
  lines(): readonly LiveEvent[] {
    return this.shown;
  }

  /** Keeps only the lines that pass `keep` (e.g. after drilling into a jurisdiction). */
  retain(keep: (e: LiveEvent) => boolean): void {
    this.shown = this.shown.filter(keep);
    this.pending = this.pending.filter(keep);
  }
}
