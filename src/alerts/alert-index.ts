/**
 * The alerts service's memory of (rule, subject) keys, so that applying a signal needs no read:
 * the active alert of each key (loaded at start) and the time of each key's latest signal over a
 * recent horizon. Keys idle for longer than the horizon are forgotten and looked up per batch
 * when a signal names them again.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { RuleSignal } from '../rules/signal-model.ts';
import type { Alert } from './alert-record.ts';
import { alertKey, type AlertKeyState } from './model.ts';
import * as store from './store.ts';

/** The index of one alerts service. */
export class AlertIndex {
  /** key → active alert */
  readonly #active = new Map<string, Alert>();
  /** active alert id → key */
  readonly #keyById = new Map<string, string>();
  /** key → latest applied signal time */
  readonly #lastTs = new Map<string, number>();
  readonly #db: Kysely<DB>;
  readonly #horizon: number;
  /** Every key whose latest signal is at or after this time is in `#lastTs`. */
  #horizonStart: number;
  #lastPrune: number;

  private constructor(db: Kysely<DB>, horizonMs: number, now: number) {
    this.#db = db;
    this.#horizon = horizonMs;
    this.#horizonStart = now - horizonMs;
    this.#lastPrune = now;
  }

  /**
   * Loads the active alerts and the keys signalled within the horizon.
   * @example const index = await AlertIndex.load(db, 24 * 3600_000, clock.now());
   */
  static async load(db: Kysely<DB>, horizonMs: number, now: number): Promise<AlertIndex> {
    const index = new AlertIndex(db, horizonMs, now);
    for (const a of await store.loadActive(db)) index.set(alertKey(a.ruleId, a.subjectKey), { lastSignalTs: a.lastSignalTs, active: a });
    const lastTs = index.#lastTs;
    for (const [k, ts] of await store.lastSignalsSince(db, index.#horizonStart)) lastTs.set(k, Math.max(ts, lastTs.get(k) ?? ts));
    return index;
  }

  /** Records a key's state after a stored change. */
  set(k: string, s: AlertKeyState): void {
    const prev = this.#active.get(k);
    if (prev) this.#keyById.delete(prev.id);
    if (s.active) {
      this.#active.set(k, s.active);
      this.#keyById.set(s.active.id, k);
    } else this.#active.delete(k);
    if (s.lastSignalTs !== null) this.#lastTs.set(k, s.lastSignalTs);
  }

  /** A key's state (call `warm` first for the keys of a batch). */
  lookup(k: string): AlertKeyState {
    return { lastSignalTs: this.#lastTs.get(k) ?? null, active: this.#active.get(k) ?? null };
  }

  /** The latest signal time of a key, if in memory. */
  lastSignalTs(k: string): number | undefined {
    return this.#lastTs.get(k);
  }

  /** The active alert of a key. */
  active(k: string): Alert | undefined {
    return this.#active.get(k);
  }

  /** The active alert with this id. */
  activeById(id: string): Alert | undefined {
    const k = this.#keyById.get(id);
    return k !== undefined ? this.#active.get(k) : undefined;
  }

  /** Active alerts. */
  get activeCount(): number {
    return this.#active.size;
  }

  /** Keys whose latest signal time is in memory. */
  get keysInMemory(): number {
    return this.#lastTs.size;
  }

  /** Reads the latest signal time of keys older than the memory horizon that the batch names. */
  async warm(signals: readonly RuleSignal[]): Promise<void> {
    const cold = new Map<string, { ruleId: string; subjectKey: string }>();
    for (const s of signals) {
      const k = alertKey(s.ruleId, s.subjectKey);
      if (s.ts < this.#horizonStart && !this.#lastTs.has(k)) cold.set(k, { ruleId: s.ruleId, subjectKey: s.subjectKey });
    }
    if (cold.size === 0) return;
    for (const [k, ts] of await store.lastSignalsOf(this.#db, [...cold.values()])) this.#lastTs.set(k, ts);
  }

  /** Forgets idle keys whose latest signal is older than the horizon (at most every tenth of it). */
  prune(now: number): void {
    if (now - this.#lastPrune < this.#horizon / 10) return;
    this.#lastPrune = now;
    const cutoff = now - this.#horizon;
    for (const [k, ts] of this.#lastTs) if (ts < cutoff && !this.#active.has(k)) this.#lastTs.delete(k);
    this.#horizonStart = Math.max(this.#horizonStart, cutoff);
  }
}
