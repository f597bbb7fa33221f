/** Which roles open the portal's staff pages (the server's route access, mirrored for links). */
import type { Role } from '../api/types.ts';

/** Who decides held citizen submissions (moderation routes: admin, shift_lead, intake). */
export const MODERATION_ROLES: readonly Role[] = ['admin', 'shift_lead', 'intake'];

/** Who sees the 12345 / 一网通办 bridge's systems and dead letters. */
export const BRIDGE_ROLES: readonly Role[] = ['admin'];
