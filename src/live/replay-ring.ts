/**
 * The last N live events, in arrival order, each serialized once. Clients are cursors into it
 * (the sequence number of the last event they were sent), so fan-out holds no per-client copy
 * of anything: a slow client only lags, and one that lags past the oldest retained event is told
 * to resync. The same ring answers `Last-Event-ID` and `?since=` on reconnect. No I/O.
 */

/** One retained event. */
export interface RingEntry {
  /** 1, 2, 3… in arrival order. */
  seq: number;
  /** The bus event id (SSE `id:`). */
  id: string;
  kind: 'alert' | 'case';
  /** Jurisdiction path, for scope filters. */
  path: string;
  /** When the live service received it (epoch ms): what `?since=` compares with. */
  receivedAt: number;
  /** The event as JSON, one line. */
  json: string;
}

/** A fixed-capacity ring of events with an id index. */
export class ReplayRing {
  readonly capacity: number;
  readonly #slots: Array<RingEntry | undefined>;
  readonly #seqById = new Map<string, number>();
  #head = 0;
  #horizon: number;

  /** `startedAt`: nothing received before it is known, so a `since` older than it cannot be replayed. */
  constructor(capacity: number, startedAt: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
    this.#slots = new Array<RingEntry | undefined>(capacity);
    this.#horizon = startedAt;
  }

  /** Sequence number of the newest event (0 before any). */
  get head(): number {
    return this.#head;
  }

  /** Sequence number of the oldest retained event (head + 1 when empty). */
  get tail(): number {
    return Math.max(1, this.#head - this.capacity + 1);
  }

  /** Number of retained events. */
  get size(): number {
    return this.#head - this.tail + 1;
  }

  /**
   * Appends an event; returns it with its sequence number, or null when an event with this id
   * is already retained (a re-publication after a crash).
   */
  push(e: Omit<RingEntry, 'seq'>): RingEntry | null {
    if (this.#seqById.has(e.id)) return null;
    const seq = ++this.#head;
    const slot = seq % this.capacity;
    const old = this.#slots[slot];
    if (old) {
      this.#seqById.delete(old.id);
      // Events received before the evicted one's arrival are no longer all here.
      this.#horizon = Math.max(this.#horizon, old.receivedAt + 1);
    }
    const entry = { ...e, seq };
    this.#slots[slot] = entry;
    this.#seqById.set(e.id, seq);
    return entry;
  }

  /** The retained event with this sequence number. */
  at(seq: number): RingEntry | undefined {
    if (seq < this.tail || seq > this.#head) return undefined;
    return this.#slots[seq % this.capacity];
  }

  /** The sequence number of a retained event id. */
  seqOf(id: string): number | undefined {
    return this.#seqById.get(id);
  }

  /** Whether every event received at or after `t` is still retained. */
  covers(t: number): boolean {
    return t >= this.#horizon;
  }

  /** The first retained sequence number received at or after `t` (head + 1 when none). */
  firstSince(t: number): number {
    // Arrival times never decrease along the ring, so binary search.
    let lo = this.tail;
    let hi = this.#head + 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#slots[mid % this.capacity]!.receivedAt >= t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
