/**
 * Alert policies: what happens when an alert is raised or escalates — file a case, send the
 * community's committee a task (the elderly welfare visit, the falling-object visit), or only
 * notify. Policies are data set per jurisdiction; for an alert, the policies of the deepest
 * jurisdiction containing it are tried first, each set in its own order, and the first match
 * wins (so a district can override the city for its own alerts). Pure: no I/O.
 */
import { levelRank, type WarningLevel } from '../rules/signal-model.ts';
import { isEscalation, type AlertChange } from './model.ts';
import type { Alert } from './alert-record.ts';

/** Case urgency as the case catalogue names it. */
export type CaseUrgency = 'urgent' | 'high' | 'normal';
/** A fixed urgency, or `by_level`: red → urgent, orange → high, yellow and blue → normal. */
export type UrgencyChoice = CaseUrgency | 'by_level';
/** Every urgency choice. */
export const URGENCY_CHOICES = ['urgent', 'high', 'normal', 'by_level'] as const satisfies readonly UrgencyChoice[];

/** Tasks a neighbourhood committee can be given. */
export const COMMUNITY_TASKS = ['welfare_visit', 'falling_object_visit', 'site_visit'] as const;
/** One community task: 独居老人上门探视, 高空抛物上门走访, 现场查看. */
export type CommunityTask = (typeof COMMUNITY_TASKS)[number];

/** What a policy does. `category: null` uses the alert's own category. */
export type PolicyAction =
  | { kind: 'create_case'; category: string | null; urgency: UrgencyChoice }
  | { kind: 'notify_community'; task: CommunityTask; category: string | null; urgency: UrgencyChoice }
  | { kind: 'notify_only' };

/** Which alerts a policy applies to (within its jurisdiction's subtree). Empty lists match anything. */
export interface PolicyMatch {
  ruleIds: string[];
  /** The lowest level matched (≥). */
  minLevel: WarningLevel;
  /** Small class codes (`E0401`) or big class codes (`P01`, matching its small classes). */
  categories: string[];
}

/** A policy as an editor writes it. */
export interface PolicyInput {
  /** Keep a policy's id across edits; omitted for a new policy. */
  id?: string;
  name: string;
  enabled: boolean;
  match: PolicyMatch;
  actions: PolicyAction[];
}

/** A stored policy. */
export interface AlertPolicy extends Required<PolicyInput> {
  /** The jurisdiction the policy is set at; it applies to alerts in that subtree. */
  jurisdictionId: string;
  jurisdictionPath: string;
  /** Order within its jurisdiction's set, from 0. */
  position: number;
  updatedAt: number;
  updatedBy: string | null;
}

/** An action as planned for one alert change, before the service resolves the unit. */
export type PlannedAction =
  | { action: 'create_case'; category: string | null; urgency: CaseUrgency }
  | { action: 'community_task'; task: CommunityTask; category: string | null; urgency: CaseUrgency }
  | { action: 'notify_only' };

/** The policy that matched and what it asks for. */
export interface ActionPlan {
  policy: AlertPolicy;
  actions: PlannedAction[];
}

/** The case urgency a warning level stands for. */
export function urgencyForLevel(level: WarningLevel): CaseUrgency {
  return level === 'red' ? 'urgent' : level === 'orange' ? 'high' : 'normal';
}

/** Policies in evaluation order: deepest jurisdiction first, then each set's own order. */
export function orderPolicies(policies: readonly AlertPolicy[]): AlertPolicy[] {
  const depth = (p: AlertPolicy) => p.jurisdictionPath.split('/').length;
  return [...policies].sort(
    (a, b) => depth(b) - depth(a) || a.jurisdictionPath.localeCompare(b.jurisdictionPath) || a.position - b.position,
  );
}

/** Whether a category pattern (small or big class code) covers an alert's category. */
export function categoryCovers(pattern: string, category: string | null): boolean {
  if (category === null) return false;
  return pattern.length === 3 ? category.startsWith(pattern) : pattern === category;
}

/** Whether a policy applies to an alert. */
export function policyMatches(p: AlertPolicy, alert: Pick<Alert, 'ruleId' | 'level' | 'category' | 'jurisdictionPath'>): boolean {
  if (!p.enabled || !alert.jurisdictionPath.startsWith(p.jurisdictionPath)) return false;
  if (p.match.ruleIds.length > 0 && !p.match.ruleIds.includes(alert.ruleId)) return false;
  if (levelRank(alert.level) < levelRank(p.match.minLevel)) return false;
  return p.match.categories.length === 0 || p.match.categories.some((c) => categoryCovers(c, alert.category));
}

/** The first policy (in evaluation order) that applies, or null. */
export function firstMatch(ordered: readonly AlertPolicy[], alert: Alert): AlertPolicy | null {
  return ordered.find((p) => policyMatches(p, alert)) ?? null;
}

function plan(action: PolicyAction, alert: Alert): PlannedAction {
  switch (action.kind) {
    case 'create_case':
      return {
        action: 'create_case',
        category: action.category ?? alert.category,
        urgency: action.urgency === 'by_level' ? urgencyForLevel(alert.level) : action.urgency,
      };
    case 'notify_community':
      return {
        action: 'community_task',
        task: action.task,
        category: action.category ?? alert.category,
        urgency: action.urgency === 'by_level' ? urgencyForLevel(alert.level) : action.urgency,
      };
    case 'notify_only':
      return { action: 'notify_only' };
  }
}

/**
 * What to do after an alert change (`ordered` from {@link orderPolicies}). A raise runs the
 * first matching policy. An escalation runs the policy that now matches if it is not the one
 * that ran before, without repeating a case or task already requested for the alert. Other
 * changes (de-escalation, acknowledge, clear, close) ask for nothing.
 * @example planActions(change, orderPolicies(policies))?.actions; // [{ action: 'create_case', … }]
 */
export function planActions(change: AlertChange, ordered: readonly AlertPolicy[]): ActionPlan | null {
  const { alert } = change;
  if (change.entry.type === 'raised') {
    const p = firstMatch(ordered, alert);
    return p ? { policy: p, actions: p.actions.map((a) => plan(a, alert)) } : null;
  }
  if (!isEscalation(change)) return null;
  const p = firstMatch(ordered, alert);
  if (!p || p.id === change.previous?.policyId) return null;
  const done = new Set(alert.requestedActions);
  return { policy: p, actions: p.actions.map((a) => plan(a, alert)).filter((a) => a.action === 'notify_only' || !done.has(a.action)) };
}

/** The alert after its plan ran: which policy ran and which action kinds were requested. */
export function withPlan(alert: Alert, p: ActionPlan | null): Alert {
  if (!p) return alert;
  const kinds = new Set([...alert.requestedActions, ...p.actions.map((a) => a.action)]);
  return { ...alert, policyId: p.policy.id, requestedActions: [...kinds] };
}

/** One problem with a policy list, named by its path (e.g. `policies[2].match.categories[0]`). */
export interface PolicyProblem {
  field: string;
  message: string;
}

/** Well-formed category patterns: a big class (`P01`) or a small class (`P0101`). */
const CATEGORY_PATTERN = /^(P0[1-5]|E0[1-6])(\d\d)?$/;

/**
 * What is wrong with a policy list an editor sent, beyond its shape: unknown categories (per
 * `isCategory`, for small class codes), a policy without actions, an action listed twice, ids
 * or names used twice.
 */
export function policyProblems(inputs: readonly PolicyInput[], isCategory: (code: string) => boolean = () => true): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  const known = (c: string) => CATEGORY_PATTERN.test(c) && (c.length === 3 || isCategory(c));
  inputs.forEach((p, i) => {
    const at = `policies[${i}]`;
    if (p.name.trim() === '') problems.push({ field: `${at}.name`, message: 'must not be empty' });
    if (names.has(p.name)) problems.push({ field: `${at}.name`, message: `another policy is named ${p.name}` });
    names.add(p.name);
    if (p.id !== undefined) {
      if (ids.has(p.id)) problems.push({ field: `${at}.id`, message: 'appears twice' });
      ids.add(p.id);
    }
    p.match.categories.forEach((c, j) => {
      if (!known(c)) problems.push({ field: `${at}.match.categories[${j}]`, message: `unknown case category ${c}` });
    });
    if (p.actions.length === 0) problems.push({ field: `${at}.actions`, message: 'a policy needs at least one action' });
    const kinds = new Set<string>();
    p.actions.forEach((a, j) => {
      if (kinds.has(a.kind)) problems.push({ field: `${at}.actions[${j}].kind`, message: `${a.kind} appears twice` });
      kinds.add(a.kind);
      if (a.kind !== 'notify_only' && a.category !== null && (a.category.length !== 5 || !known(a.category))) {
        problems.push({ field: `${at}.actions[${j}].category`, message: `unknown case category ${a.category}` });
      }
    });
  });
  return problems;
}
