/**
 * Alert policies as editable data: one ordered set per jurisdiction, held in memory in
 * evaluation order and reloaded after each change. Used by the alerts service.
 */
import type { Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { AppError } from '../platform/errors.ts';
import { orderPolicies, policyProblems, type AlertPolicy, type PolicyInput } from './policy-model.ts';
import * as store from './policy-store.ts';

/** What the policy set needs. */
export interface PolicySetDeps {
  database: Database;
  clock: Clock;
  /** Jurisdictions by id (the geo service). */
  geo: { get(id: string): { path: string } | undefined };
  /** Whether a small class code exists (the case catalogue); every well-formed code when absent. */
  isCategory?: (code: string) => boolean;
}

/** The policies set at one jurisdiction and those it inherits from above. */
export interface PolicyView {
  jurisdictionId: string;
  /** Set here, in order; what a PUT for this jurisdiction replaces. */
  own: AlertPolicy[];
  /** Set at ancestors, in evaluation order (nearest first); tried after `own`. */
  inherited: AlertPolicy[];
}

/** The policy set. */
export type PolicySet = Awaited<ReturnType<typeof createPolicySet>>;

/**
 * Creates the policy set and loads it.
 * @example const policies = await createPolicySet({ database, clock, geo }); policies.ordered();
 */
export async function createPolicySet(deps: PolicySetDeps) {
  const { db } = deps.database;
  let ordered: AlertPolicy[] = [];

  function pathOf(jurisdictionId: string): string {
    const j = deps.geo.get(jurisdictionId);
    if (!j) throw new AppError(404, 'JURISDICTION_NOT_FOUND', `jurisdiction ${jurisdictionId} not found`);
    return j.path;
  }

  async function reload(): Promise<void> {
    const rows = await store.listPolicyRows(db);
    const known = rows.flatMap((r) => {
      const j = deps.geo.get(r.jurisdiction_id);
      return j ? [store.toPolicy(r, j.path)] : [];
    });
    ordered = orderPolicies(known);
  }

  /** The policies a jurisdiction sets and inherits. */
  function view(jurisdictionId: string): PolicyView {
    const path = pathOf(jurisdictionId);
    return {
      jurisdictionId,
      own: ordered.filter((p) => p.jurisdictionId === jurisdictionId),
      inherited: ordered.filter((p) => p.jurisdictionId !== jurisdictionId && path.startsWith(p.jurisdictionPath)),
    };
  }

  /**
   * Replaces the set at a jurisdiction (in the given order). Ids given are kept, so alerts
   * keep pointing at their policy across edits; an id belonging to another jurisdiction's set
   * is refused.
   */
  async function replace(jurisdictionId: string, inputs: readonly PolicyInput[], actorId: string | null): Promise<PolicyView> {
    pathOf(jurisdictionId);
    const problems = policyProblems(inputs, deps.isCategory);
    inputs.forEach((p, i) => {
      const owner = p.id === undefined ? undefined : ordered.find((o) => o.id === p.id);
      if (owner && owner.jurisdictionId !== jurisdictionId) {
        problems.push({ field: `policies[${i}].id`, message: 'belongs to a policy of another jurisdiction' });
      }
    });
    const first = problems[0];
    if (first) throw new AppError(400, 'INVALID_ALERT_POLICY', `${first.field}: ${first.message}`, problems);
    const now = deps.clock.now();
    const rows = inputs.map((p, position) => ({
      id: p.id ?? newId(),
      jurisdiction_id: jurisdictionId,
      position,
      name: p.name.trim(),
      enabled: p.enabled ? 1 : 0,
      match: JSON.stringify(p.match),
      actions: JSON.stringify(p.actions),
      updated_at: now,
      updated_by: actorId,
    }));
    await db.transaction().execute((trx) => store.replacePolicies(trx, jurisdictionId, rows));
    await reload();
    return view(jurisdictionId);
  }

  await reload();

  return {
    reload,
    /** Every policy in evaluation order (deepest jurisdiction first). */
    ordered: (): readonly AlertPolicy[] => ordered,
    /** The policies a jurisdiction sets and inherits. */
    view,
    replace,
    /** Sets policies at a jurisdiction only if it has none yet (demo seeding); returns whether it did. */
    async seedIfEmpty(jurisdictionId: string, inputs: readonly PolicyInput[]): Promise<boolean> {
      if (ordered.some((p) => p.jurisdictionId === jurisdictionId)) return false;
      await replace(jurisdictionId, inputs, null);
      return true;
    },
  };
}
