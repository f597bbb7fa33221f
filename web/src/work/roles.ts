/** Which roles open which work pages (the server's route access, mirrored for links and menus). */
import type { Role } from '../api/types.ts';

/** Who reports cases on the intake page (the server's CASE_REPORTERS). */
export const INTAKE_ROLES: readonly Role[] = ['intake', 'inspector', 'community_worker', 'dispatcher', 'shift_lead'];

/** Who works the supervision board (the server's SUPERVISORS). */
export const SUPERVISION_ROLES: readonly Role[] = ['shift_lead', 'dispatcher'];
