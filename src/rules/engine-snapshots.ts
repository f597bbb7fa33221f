/**
 * Saving and restoring the engine's rule state: snapshots write only the rows changed since the
 * last one (and delete rows of devices a rule let go); loading reads the rows back into the
 * packed tables, dropping what no longer fits (rule gone or changed, device gone or moved out of
 * the rule's reach).
 */
import type { Database } from '../platform/db/create-db.ts';
import type { DeviceFacts } from '../sensing/reading-model.ts';
import type { DeviceSlots } from './device-slots.ts';
import type { ReleaseReason, RuleRuntime } from './rule-runtime.ts';
import type { Rule } from './model.ts';
import type { DroppedRule } from './engine-rules.ts';
import { rowFromJson, rowToJson } from './row-codecs.ts';
import { deleteStates, lastSavedAt, pagesOfStates, saveStates, type SavedState } from './state-store.ts';
import { deleteRuleState } from './store.ts';

/** What snapshots and loading need from the engine. */
export interface SnapshotContext {
  database: Database;
  devices: DeviceSlots;
  runtimes: ReadonlyMap<string, RuleRuntime>;
  deviceFacts: (id: string) => DeviceFacts | undefined;
  /** Whether this process holds the device's state (its shard); others' rows are left alone. */
  owns: (id: string) => boolean;
}

/** What a snapshot wrote. */
export interface SnapshotResult {
  written: number;
  deleted: number;
}

/**
 * Writes the dirty rows of every rule (material changes only, unless `all`) and deletes released
 * ones and those of `droppedRules`.
 * On failure the rows are marked dirty again so the next snapshot retries them.
 */
export async function writeSnapshot(
  ctx: SnapshotContext,
  droppedRules: readonly DroppedRule[],
  now: number,
  all: boolean,
): Promise<SnapshotResult> {
  const rows: SavedState[] = [];
  const taken: Array<{ rt: RuleRuntime; row: number; slot: number }> = [];
  const deletes: Array<{ ruleId: string; subject: string }> = [];
  for (const rt of ctx.runtimes.values()) {
    const { table, rule } = rt;
    for (const { slot, row } of table.takeDirty(all)) {
      const subject = ctx.devices.idOf(slot);
      rows.push({
        rule_id: rule.id,
        subject,
        state_revision: rule.stateRevision,
        firing: rt.rowFiring(row) ? 1 : 0,
        state: rowToJson(table.chunk(row), table.offset(row), table.stride),
        jurisdiction_path: ctx.deviceFacts(subject)?.jurisdictionPath ?? '',
        updated_at: now,
      });
      taken.push({ rt, row, slot });
    }
    for (const slot of table.released) deletes.push({ ruleId: rule.id, subject: ctx.devices.idOf(slot) });
    table.released = [];
  }
  const db = ctx.database.db;
  try {
    for (const d of droppedRules) await deleteRuleState(db, d.id, d.keep);
    await deleteStates(db, deletes);
    await saveStates(ctx.database, rows);
  } catch (e) {
    for (const { rt, row, slot } of taken) {
      if (rt.table.lookup(slot) - 1 === row) rt.table.markDirty(row);
    }
    throw e;
  }
  return { written: rows.length, deleted: deletes.length };
}

/** A saved raised state that no longer belongs to anything running: its alert must be cleared. */
export interface Orphan {
  ruleId: string;
  subject: string;
  /** The rule, if it still exists (changed or disabled); undefined when deleted. */
  rule: Rule | undefined;
  reason: ReleaseReason;
}

/** What loading found. */
export interface LoadResult {
  loaded: number;
  discarded: number;
  /** Raised states dropped at load (rule deleted, changed or disabled meanwhile; device gone or moved). */
  orphans: Orphan[];
  /** The latest `updated_at` stored; the next snapshot must be stamped later. */
  lastSavedAt: number;
}

/**
 * Reads saved state into the runtimes. `resume` adjusts a loaded row (e.g. gives absence rules a
 * grace period after the outage).
 */
export async function loadSnapshot(
  ctx: SnapshotContext,
  allRules: readonly Rule[],
  resume: (rt: RuleRuntime, row: number) => void,
): Promise<LoadResult> {
  const db = ctx.database.db;
  let loaded = 0;
  const discard: Array<{ ruleId: string; subject: string }> = [];
  const orphans: Orphan[] = [];
  const drop = (row: SavedState, reason: ReleaseReason) => {
    discard.push({ ruleId: row.rule_id, subject: row.subject });
    if (row.firing === 1)
      orphans.push({ ruleId: row.rule_id, subject: row.subject, rule: allRules.find((r) => r.id === row.rule_id), reason });
  };
  for await (const page of pagesOfStates(db)) {
    for (const row of page) {
      if (!ctx.owns(row.subject)) continue;
      const rt = ctx.runtimes.get(row.rule_id);
      if (!rt || rt.rule.stateRevision !== row.state_revision) {
        drop(row, !rt ? 'rule_removed' : 'rule_changed');
        continue;
      }
      const facts = ctx.deviceFacts(row.subject);
      if (!facts) {
        drop(row, 'device_removed');
        continue;
      }
      const slot = ctx.devices.admit(row.subject, facts.type);
      const r = rt.rowFor(slot, NaN);
      if (r < 0) {
        drop(row, 'device_changed');
        continue;
      }
      const d = rt.table.chunk(r);
      const o = rt.table.offset(r);
      if (!rowFromJson(row.state, d, o, rt.table.stride)) {
        rt.ops.init(d, o, NaN);
        continue;
      }
      resume(rt, r);
      loaded++;
    }
  }
  await deleteStates(db, discard);
  return { loaded, discarded: discard.length, orphans, lastSavedAt: await lastSavedAt(db) };
}
