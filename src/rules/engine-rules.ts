/**
 * Installing a changed rule set into the engine's runtimes: new rules start empty; removed or
 * disabled ones clear what they had raised; a rule whose kind or parameters changed starts over
 * (its old state means something else now); a changed selector lets go of devices it no longer
 * covers; a changed warning level re-raises at the new level; other edits just take effect.
 */
import type { RuleSignal } from './signal-model.ts';
import type { Rule } from './model.ts';
import { rowOpsOf } from './rule-ops.ts';
import { RuleRuntime, type RuntimeContext } from './rule-runtime.ts';

/** Input of `applyRules`. */
export interface ApplyRulesInput {
  runtimes: Map<string, RuleRuntime>;
  rules: readonly Rule[];
  ctx: RuntimeContext;
  now: number;
  out: RuleSignal[];
  latenessMs: number;
}

/** A rule whose saved state goes; `keep` is the state revision still valid (null: none). */
export interface DroppedRule {
  id: string;
  keep: number | null;
}

/** What changed. */
export interface ApplyRulesResult {
  /** Runtimes created (empty state). */
  added: RuleRuntime[];
  /** Rules whose saved state must go: all of it (removed, disabled) or all but the new revision's (starting over). */
  dropped: DroppedRule[];
}

function sameSelector(a: Rule, b: Rule): boolean {
  return JSON.stringify(a.appliesTo) === JSON.stringify(b.appliesTo);
}

/** Brings `runtimes` in line with `rules` (only enabled stateful rules get a runtime). */
export function applyRules(input: ApplyRulesInput): ApplyRulesResult {
  const { runtimes, ctx, now, out } = input;
  const wanted = new Map(input.rules.filter((r) => r.enabled && r.kind !== 'detection').map((r) => [r.id, r]));
  const added: RuleRuntime[] = [];
  const dropped: DroppedRule[] = [];
  for (const [id, rt] of runtimes) {
    if (wanted.has(id)) continue;
    rt.clearAll('rule_removed', now, out);
    runtimes.delete(id);
    dropped.push({ id, keep: null });
  }
  for (const rule of wanted.values()) {
    const rt = runtimes.get(rule.id);
    if (rt && rt.rule.revision === rule.revision) continue;
    if (rt && rt.rule.stateRevision === rule.stateRevision && rt.rule.kind === rule.kind) {
      const old = rt.rule;
      rt.rule = rule;
      if (!sameSelector(old, rule)) rt.reselect(now, out);
      if (old.level !== rule.level) rt.reraiseAll(now, out);
      continue;
    }
    if (rt) {
      rt.clearAll('rule_changed', now, out);
      dropped.push({ id: rule.id, keep: rule.stateRevision });
    }
    const ops = rowOpsOf(rule);
    if (!ops) continue;
    const fresh = new RuleRuntime(rule, ops, ctx);
    fresh.latenessMs = input.latenessMs;
    runtimes.set(rule.id, fresh);
    added.push(fresh);
  }
  return { added, dropped };
}
