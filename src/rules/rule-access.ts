/**
 * Who may see and change which rules. A rule acts in a jurisdiction subtree, or everywhere when
 * it names none. Operation-centre staff read the rules that act anywhere in their scope
 * (including the city-wide ones over them); admins and shift leads write only rules whose
 * subtree lies within their scope, and only someone scoped at the top may write a city-wide
 * rule. Pure.
 */
import { subtreesOverlap } from './selector.ts';

/** Roles that read rules. */
export const RULE_READERS = ['admin', 'shift_lead', 'dispatcher', 'intake'] as const;
/** Roles that create, change and delete rules. */
export const RULE_WRITERS = ['admin', 'shift_lead'] as const;

/** Whether a scope is a top of the tree (`/city/`). */
export function isTopScope(scopePath: string): boolean {
  return /^\/[^/]+\/$/.test(scopePath);
}

/** Whether a caller scoped at `scopePath` may see a rule acting in `rulePath` (null = everywhere). */
export function canReadRule(rulePath: string | null, scopePath: string): boolean {
  return subtreesOverlap(rulePath, scopePath);
}

/** Whether a caller scoped at `scopePath` may write a rule acting in `rulePath` (null = everywhere). */
export function canWriteRule(rulePath: string | null, scopePath: string): boolean {
  return rulePath === null ? isTopScope(scopePath) : rulePath.startsWith(scopePath);
}
