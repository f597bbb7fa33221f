/**
 * The rules module's use-cases: create, change and delete warning rules (validated, with the
 * jurisdiction resolved and the caller's scope checked), list and read them, show which devices
 * a rule is raised for, and install the demo rules. After every change the engine is told
 * (`rules.changed` on the bus, or directly), so the change is in force when the call returns.
 */
import type { Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Bus } from '../platform/bus/bus.ts';
import { newId } from '../platform/ids.ts';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.ts';
import type { Rule, RuleDefinition } from './model.ts';
import { parseRuleInput, type RuleInputValue } from './rule-schema.ts';
import { canReadRule, canWriteRule } from './rule-access.ts';
import { RULES_CHANGED_SUBJECT, type FiringSubject } from './engine-types.ts';
import * as store from './store.ts';
import * as stateStore from './state-store.ts';

/** Finds jurisdictions (the geo service satisfies this). */
export interface JurisdictionLookup {
  find(idOrCode: string): { id: string; path: string } | undefined;
}

/** The part of the engine the service uses, when the engine runs in this process. */
export interface RulesEngineView {
  firing(ruleId: string, limit?: number): { bound: number; firing: FiringSubject[] } | undefined;
  reloadRules(): Promise<unknown>;
}

/** What the rules service needs. */
export interface RulesServiceDeps {
  database: Database;
  clock: Clock;
  geo: JurisdictionLookup;
  /** Whether a case category code exists (the catalogue knows). */
  isCategory?: (code: string) => boolean;
  /** Announces changes to engines in every process. */
  bus?: Bus | null;
  /** The engine of this process, for the live state view (and reloading when there is no bus). */
  engine?: RulesEngineView | null;
}

/** Who is acting: their user id and the jurisdiction subtree they may act in. */
export interface RuleActor {
  userId: string | null;
  scopePath: string;
}

/** The state view of one rule. */
export interface RuleStateView {
  ruleId: string;
  /** `engine`: live from this process; `snapshot`: as last saved by the engine wherever it runs. */
  source: 'engine' | 'snapshot';
  bound: number;
  firing: FiringSubject[];
}

/** The rules service. */
export type RulesService = ReturnType<typeof createRulesService>;

/** A rule back in the shape the API takes (for partial updates). */
export function ruleToInput(rule: Rule): Record<string, unknown> {
  return {
    name: rule.name,
    description: rule.description,
    kind: rule.kind,
    params: rule.params,
    appliesTo: { deviceTypes: rule.appliesTo.deviceTypes, tags: rule.appliesTo.tags, jurisdiction: rule.appliesTo.jurisdictionId },
    level: rule.level,
    messageTemplate: rule.messageTemplate,
    enabled: rule.enabled,
    caseCategory: rule.caseCategory,
  };
}

/**
 * Creates the rules service.
 * @example const rules = createRulesService({ database, clock, geo, isCategory: isSmallClassCode, bus, engine });
 */
export function createRulesService(deps: RulesServiceDeps) {
  const { db } = deps.database;

  function resolve(input: RuleInputValue): RuleDefinition {
    let jurisdictionId: string | null = null;
    let jurisdictionPath: string | null = null;
    const j = input.appliesTo.jurisdiction;
    if (j !== null) {
      const found = j.startsWith('/') ? deps.geo.find(j.split('/').at(-2) ?? '') : deps.geo.find(j);
      if (!found || (j.startsWith('/') && found.path !== j))
        throw invalid('appliesTo.jurisdiction', `unknown jurisdiction ${j}`, 'UNKNOWN_JURISDICTION');
      jurisdictionId = found.id;
      jurisdictionPath = found.path;
    }
    if (input.caseCategory !== null && deps.isCategory && !deps.isCategory(input.caseCategory)) {
      throw invalid('caseCategory', `unknown case category ${input.caseCategory}`, 'UNKNOWN_CATEGORY');
    }
    const { appliesTo, ...rest } = input;
    return { ...rest, appliesTo: { deviceTypes: appliesTo.deviceTypes, tags: appliesTo.tags, jurisdictionId, jurisdictionPath } };
  }

  function mayWrite(path: string | null, actor: RuleActor): void {
    if (!canWriteRule(path, actor.scopePath)) {
      throw forbidden(path === null ? 'only a city-level user may write a city-wide rule' : 'outside your jurisdiction', 'SCOPE_FORBIDDEN');
    }
  }

  async function changed(): Promise<void> {
    if (deps.bus) await deps.bus.publish(RULES_CHANGED_SUBJECT, { at: deps.clock.now() });
    else if (deps.engine) await deps.engine.reloadRules();
  }

  async function require(id: string, actor?: RuleActor): Promise<Rule> {
    const rule = await store.getRule(db, id);
    if (!rule || (actor && !canReadRule(rule.appliesTo.jurisdictionPath, actor.scopePath))) throw notFound('rule', 'RULE_NOT_FOUND');
    return rule;
  }

  async function create(raw: unknown, actor: RuleActor, id: string = newId(), notify = true): Promise<Rule> {
    const def = resolve(parseRuleInput(raw));
    mayWrite(def.appliesTo.jurisdictionPath, actor);
    const now = deps.clock.now();
    const rule: Rule = { ...def, id, revision: 1, stateRevision: 1, createdAt: now, updatedAt: now, createdBy: actor.userId };
    if (await store.getRule(db, id)) throw conflict(`rule ${id} exists`, 'RULE_EXISTS');
    await store.insertRule(db, rule, actor.userId);
    if (notify) await changed();
    return rule;
  }

  async function replace(id: string, raw: unknown, actor: RuleActor): Promise<Rule> {
    const old = await require(id, actor);
    mayWrite(old.appliesTo.jurisdictionPath, actor);
    const def = resolve(parseRuleInput(raw));
    mayWrite(def.appliesTo.jurisdictionPath, actor);
    const revision = old.revision + 1;
    const restart = old.kind !== def.kind || JSON.stringify(old.params) !== JSON.stringify(def.params);
    const rule: Rule = {
      ...def,
      id,
      revision,
      stateRevision: restart ? revision : old.stateRevision,
      createdAt: old.createdAt,
      updatedAt: deps.clock.now(),
      createdBy: old.createdBy,
    };
    // State saved under the old revision is void; the engine clears what it raised and drops it.
    const ok = await store.updateRule(db, rule, old.revision, actor.userId);
    if (!ok) throw conflict('the rule was changed meanwhile; read it again', 'RULE_CHANGED');
    await changed();
    return rule;
  }

  return {
    parse: parseRuleInput,
    /** Rules that act anywhere in the caller's scope, oldest first. */
    async list(actor: RuleActor, filter: { kind?: string; enabled?: boolean } = {}): Promise<Rule[]> {
      return (await store.listRules(db)).filter(
        (r) =>
          canReadRule(r.appliesTo.jurisdictionPath, actor.scopePath) &&
          (filter.kind === undefined || r.kind === filter.kind) &&
          (filter.enabled === undefined || r.enabled === filter.enabled),
      );
    },
    /** One rule; 404 if unknown or out of the caller's sight. */
    get: (id: string, actor?: RuleActor): Promise<Rule> => require(id, actor),
    create: (raw: unknown, actor: RuleActor): Promise<Rule> => create(raw, actor),
    replace,
    /** Changes some top-level fields (params are merged when the kind stays). */
    async patch(id: string, changes: Record<string, unknown>, actor: RuleActor): Promise<Rule> {
      const old = await require(id, actor);
      const base = ruleToInput(old);
      const merged: Record<string, unknown> = { ...base, ...changes };
      const p = changes.params;
      if (p && typeof p === 'object' && (changes.kind === undefined || changes.kind === old.kind)) merged.params = { ...old.params, ...p };
      if (changes.appliesTo && typeof changes.appliesTo === 'object')
        merged.appliesTo = { ...(base.appliesTo as object), ...changes.appliesTo };
      return replace(id, merged, actor);
    },
    async remove(id: string, actor: RuleActor): Promise<void> {
      const old = await require(id, actor);
      mayWrite(old.appliesTo.jurisdictionPath, actor);
      await store.deleteRule(db, id);
      await changed();
    },
    /** Which devices the rule is raised for, within the caller's scope. */
    async state(id: string, actor: RuleActor): Promise<RuleStateView> {
      const rule = await require(id, actor);
      const within = (p: string) => p.startsWith(actor.scopePath);
      const live = deps.engine?.firing(id);
      if (live) return { ruleId: id, source: 'engine', bound: live.bound, firing: live.firing.filter((f) => within(f.jurisdictionPath)) };
      const saved = await stateStore.firingStates(db, id, rule.stateRevision);
      return {
        ruleId: id,
        source: 'snapshot',
        bound: await stateStore.countStates(db, id, rule.stateRevision),
        firing: saved
          .filter((s) => within(s.jurisdiction_path))
          .map((s) => ({ deviceId: s.subject, jurisdictionPath: s.jurisdiction_path, state: JSON.parse(s.state) as unknown })),
      };
    },
    /**
     * Creates the rules of `defs` that do not exist yet (by id); returns how many were created.
     * @example await rules.ensure(demoRules(), { userId: null, scopePath: cityPath });
     */
    async ensure(defs: ReadonlyArray<{ id: string } & Record<string, unknown>>, actor: RuleActor): Promise<number> {
      let n = 0;
      for (const { id, ...def } of defs) {
        if (await store.getRule(db, id)) continue;
        await create(def, actor, id, false);
        n++;
      }
      if (n > 0) await changed();
      return n;
    },
  };
}
