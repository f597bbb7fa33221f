/**
 * The header's links to the top-level pages, each with the roles that can use the page: a user
 * sees only the links they can follow (a handler has no supervision board; a gateway account
 * nothing). The server still decides every request; this only hides links it would refuse. Pure.
 */
import type { Role } from '../api/types.ts';
import { AUDIT_ROLES, GRANT_ROLES, REGISTRY_ROLES } from '../privacy/roles.ts';
import { BRIDGE_ROLES, MODERATION_ROLES } from '../portal/roles.ts';
import { EVALUATION_ROLES, SCREEN_ROLES, SUPERVISION_ROLES, WORK_ROLES } from '../work/roles.ts';

/** One link of the header. */
export interface NavLink {
  to: string;
  label:
    | 'nav.screen'
    | 'nav.work'
    | 'nav.supervision'
    | 'nav.evaluation'
    | 'nav.registry'
    | 'nav.grants'
    | 'nav.audit'
    | 'nav.moderation'
    | 'nav.bridge'
    | 'nav.report'
    | 'nav.follow'
    | 'nav.open'
    | 'nav.signin';
  roles: readonly Role[];
}

/** Every top-level link; add an entry for a new top-level page. (Intake is the workbench's own button.) */
export const NAV: readonly NavLink[] = [
  { to: '/screen', label: 'nav.screen', roles: SCREEN_ROLES },
  { to: '/work', label: 'nav.work', roles: WORK_ROLES },
  { to: '/supervision', label: 'nav.supervision', roles: SUPERVISION_ROLES },
  { to: '/evaluation', label: 'nav.evaluation', roles: EVALUATION_ROLES },
  { to: '/registry', label: 'nav.registry', roles: REGISTRY_ROLES },
  { to: '/grants', label: 'nav.grants', roles: GRANT_ROLES },
  { to: '/audit', label: 'nav.audit', roles: AUDIT_ROLES },
  { to: '/moderation', label: 'nav.moderation', roles: MODERATION_ROLES },
  { to: '/bridge', label: 'nav.bridge', roles: BRIDGE_ROLES },
];

/** The header's links for someone not signed in: the public portal, open data and sign-in. */
export const PUBLIC_NAV: readonly NavLink[] = [
  { to: '/report', label: 'nav.report', roles: [] },
  { to: '/follow', label: 'nav.follow', roles: [] },
  { to: '/open', label: 'nav.open', roles: [] },
  { to: '/signin', label: 'nav.signin', roles: [] },
];

/**
 * The links someone holding `roles` can follow, in header order.
 * @example navFor(['handler']).map((n) => n.to) // ['/screen', '/work']
 */
export function navFor(roles: readonly Role[]): NavLink[] {
  return NAV.filter((n) => n.roles.some((r) => roles.includes(r)));
}
