/**
 * The cases this process last committed, by id, with how far their timelines go: a command on a
 * case is usually the next one after a command this process gave, and reading the whole row back
 * (some fifty columns made into an object) and the timeline's last number cost more than the
 * command's own writes. A cached case is used only after the database confirms, inside the
 * command's transaction, that its version is still the cached one — every change of a case
 * raises its version, so an equal version means the same row and the same timeline (another
 * process's change, or one made by hand with SQL that kept the version, would not be seen; the
 * cases store is the only writer and always raises it). Cached cases are frozen: they are shared
 * with the next command and with the bus's subscribers.
 */
import type { Case } from './case-types.ts';

/** A committed case and the sequence number of its last timeline entry. */
export interface CachedCase {
  case: Case;
  lastSeq: number;
}

/**
 * A bounded map of committed cases; the least recently written fall out first.
 * @example const cache = new CaseCache(5_000); cache.remember(c, 3); cache.get(c.id)?.lastSeq; // 3
 */
export class CaseCache {
  readonly #max: number;
  readonly #byId = new Map<string, CachedCase>();

  constructor(max: number) {
    this.#max = max;
  }

  /** The cached case, if any (still to be confirmed against the database's version). */
  get(id: string): CachedCase | undefined {
    return this.#byId.get(id);
  }

  /** Remembers a committed case, unless a later version of it is cached already. */
  remember(c: Case, lastSeq: number): void {
    const had = this.#byId.get(c.id);
    if (had && had.case.version > c.version) return;
    this.#byId.delete(c.id);
    this.#byId.set(c.id, { case: frozen(c), lastSeq });
    if (this.#byId.size > this.#max) this.#byId.delete(this.#byId.keys().next().value!);
  }

  /** How many cases are cached. */
  get size(): number {
    return this.#byId.size;
  }
}

/**
 * Freezes a case and the objects in it: a cached case is handed to the next command and, on the
 * bus, to every subscriber, so a change made to it by anyone would become a wrong "as stored".
 */
function frozen(c: Case): Case {
  Object.freeze(c.location);
  if (c.step) Object.freeze(Object.freeze(c.step).limit);
  if (c.extension) Object.freeze(Object.freeze(c.extension).extra);
  return Object.freeze(c);
}
