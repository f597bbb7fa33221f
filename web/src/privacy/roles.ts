/** Which roles open the personal-data pages (the server's route access, mirrored for links and buttons). */
import type { Role } from '../api/types.ts';

/** Who reads the base-data registry (src/registry/routes.ts REGISTRY_READERS; handlers only under a grant). */
export const REGISTRY_ROLES: readonly Role[] = ['community_worker', 'admin', 'shift_lead', 'dispatcher', 'handler'];

/** Who requests grants and sees their own (src/registry/grant-routes.ts GRANT_REQUESTERS). */
export const GRANT_ROLES: readonly Role[] = ['shift_lead', 'admin', 'community_worker', 'dispatcher', 'handler', 'inspector'];

/** Who approves, denies and revokes grants inside their jurisdiction (GRANT_DECIDERS). */
export const GRANT_DECIDER_ROLES: readonly Role[] = ['shift_lead', 'admin'];

/** Who searches the audit log (AUDIT_SEARCHERS) or verifies its chain (AUDIT_VERIFIERS, city-wide). */
export const AUDIT_ROLES: readonly Role[] = ['auditor', 'admin'];

/** Who searches the audit log. */
export const AUDIT_SEARCH_ROLES: readonly Role[] = ['auditor'];
