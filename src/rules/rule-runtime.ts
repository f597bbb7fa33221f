/**
 * One stateful rule inside the engine: its packed state table, the row operations of its kind,
 * and the decisions which devices it applies to (taken once per device, from its facts).
 */
import type { DeviceFacts, Reading } from '../sensing/reading-model.ts';
import type { RuleSignal } from './signal-model.ts';
import { ruleMetrics, type Rule } from './model.ts';
import { matchesSelector } from './selector.ts';
import { renderSignal, type SignalDraft } from './verdict.ts';
import type { RowOps, Step } from './rule-ops.ts';
import { NOT_APPLICABLE, RuleTable } from './rule-table.ts';

/** What a runtime needs from the engine. */
export interface RuntimeContext {
  /** The facts of the device in a slot (fresh from sensing), or undefined if it is gone. */
  facts(slot: number): DeviceFacts | undefined;
  idOf(slot: number): string;
}

/** Why a raised rule was cleared by the engine rather than by a reading. */
export type ReleaseReason = 'rule_removed' | 'rule_changed' | 'device_changed' | 'device_removed';

/** A stateful rule's live state. */
export class RuleRuntime {
  readonly table: RuleTable;
  /** Metrics it reads; null = all. */
  readonly metrics: readonly string[] | null;

  constructor(
    public rule: Rule,
    readonly ops: RowOps,
    private readonly ctx: RuntimeContext,
  ) {
    this.table = new RuleTable(ops.stride);
    this.metrics = ruleMetrics(rule);
  }

  /** Whether the rule reads this device type (before tags and jurisdiction are checked). */
  readsType(type: string): boolean {
    return this.rule.appliesTo.deviceTypes.length === 0 || this.rule.appliesTo.deviceTypes.includes(type);
  }

  /** The row of a device, binding it (fresh state from `seenAt`) on first sight; -1 if the rule does not apply. */
  rowFor(slot: number, seenAt: number): number {
    const r = this.table.lookup(slot);
    if (r > 0) return r - 1;
    if (r === NOT_APPLICABLE) return -1;
    const facts = this.ctx.facts(slot);
    if (!facts || !matchesSelector(this.rule.appliesTo, facts)) {
      this.table.exclude(slot);
      return -1;
    }
    const row = this.table.bind(slot);
    this.ops.init(this.table.chunk(row), this.table.offset(row), seenAt);
    return row;
  }

  /**
   * Evaluates one reading of a device; signals go to `out`. The device's own event time comes
   * first: when a duration, gap or window elapsed between its previous input and this reading,
   * the clock is evaluated at the reading's time before the reading (the last value taken to
   * persist until then). So readings that arrive late — back-filled by a gateway — are judged
   * as they happened, not by when they arrived or the platform's clock.
   */
  reading(slot: number, r: Reading, receivedAt: number, out: RuleSignal[]): void {
    const row = this.rowFor(slot, NaN);
    if (row < 0) return;
    const { ops, table } = this;
    const d = table.chunk(row);
    const o = table.offset(row);
    if (ops.ticks && ops.dueAt(d, o, r.ts)) this.after(slot, row, ops.tick(d, o, r.ts), receivedAt, out);
    this.after(slot, row, ops.reading(d, o, r), receivedAt, out);
  }

  /** Evaluates the clock for every row that could change. */
  tick(now: number, out: RuleSignal[]): void {
    if (!this.ops.ticks) return;
    const t = this.rule.kind === 'threshold' ? now - this.latenessMs : now;
    const { table, ops } = this;
    const prev = this.lastTick;
    this.lastTick = t;
    table.forEachRow((slot, row) => {
      const d = table.chunk(row);
      const o = table.offset(row);
      if (ops.tickDue(d, o, t, prev)) this.after(slot, row, ops.tick(d, o, t), now, out);
    });
  }

  /** When the clock was last evaluated (-Infinity: never). */
  private lastTick = -Infinity;

  /** Allowance for late readings before a tick confirms a threshold's duration. */
  latenessMs = 0;

  private after(slot: number, row: number, step: Step, receivedAt: number, out: RuleSignal[]): void {
    if (step.changed || step.material) this.table.markDirty(row, step.material);
    for (const draft of step.signals) this.emit(slot, draft, receivedAt, out);
  }

  /** Whether a row's state is raised. */
  rowFiring(row: number): boolean {
    return this.ops.firing(this.table.chunk(row), this.table.offset(row));
  }

  /** A row's state as JSON-safe data. */
  describeRow(row: number): unknown {
    return this.ops.describe(this.table.chunk(row), this.table.offset(row));
  }

  private emit(slot: number, draft: SignalDraft, receivedAt: number, out: RuleSignal[]): void {
    const facts = this.ctx.facts(slot) ?? goneDevice(this.ctx.idOf(slot));
    out.push(renderSignal(this.rule, draft, facts, receivedAt));
  }

  /** Whether the rule is raised for a device. */
  isFiring(slot: number): boolean {
    const r = this.table.lookup(slot);
    return r > 0 && this.rowFiring(r - 1);
  }

  /** Unbinds a device; a raised rule is cleared with `reason`. */
  release(slot: number, reason: ReleaseReason, now: number, out: RuleSignal[]): void {
    if (this.isFiring(slot)) this.emit(slot, engineDraft('clear', now, reason), now, out);
    this.table.release(slot);
  }

  /** Clears every raised device (the rule is going away or starting over). */
  clearAll(reason: ReleaseReason, now: number, out: RuleSignal[]): void {
    this.table.forEachRow((slot, row) => {
      if (this.rowFiring(row)) this.emit(slot, engineDraft('clear', now, reason), now, out);
    });
  }

  /** Re-raises every raised device, e.g. at a new warning level. */
  reraiseAll(now: number, out: RuleSignal[]): void {
    this.table.forEachRow((slot, row) => {
      if (this.rowFiring(row)) this.emit(slot, engineDraft('raise', now, 'level_changed'), now, out);
    });
  }

  /** Re-checks bound devices against a changed selector; forgets "does not apply" decisions. */
  reselect(now: number, out: RuleSignal[]): void {
    const drop: number[] = [];
    this.table.forEachRow((slot) => {
      const facts = this.ctx.facts(slot);
      if (!facts || !matchesSelector(this.rule.appliesTo, facts)) drop.push(slot);
    });
    for (const slot of drop) this.release(slot, 'rule_changed', now, out);
    this.table.undecideExcluded();
  }

  /** Re-decides one device after its facts changed. */
  redecide(slot: number, now: number, out: RuleSignal[]): void {
    const r = this.table.lookup(slot);
    if (r > 0) {
      const facts = this.ctx.facts(slot);
      if (!facts || !matchesSelector(this.rule.appliesTo, facts)) this.release(slot, facts ? 'device_changed' : 'device_removed', now, out);
    } else {
      this.table.undecide(slot);
    }
  }
}

function engineDraft(kind: 'raise' | 'clear', ts: number, reason: string): SignalDraft {
  return { kind, ts, value: null, vars: {}, details: { reason } };
}

function goneDevice(id: string): DeviceFacts {
  return { id, type: '', tags: [], jurisdictionPath: '', jurisdictionId: null, location: [0, 0], ownerUnitId: null, householdRef: null };
}
