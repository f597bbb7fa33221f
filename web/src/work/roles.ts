/** Which roles open which pages (the server's route access, mirrored for links and menus). */
import { ROLES, type Role } from '../api/types.ts';
import { QUEUES_BY_ROLE } from './queues.ts';

/** Who reports cases on the intake page (the server's CASE_REPORTERS). */
export const INTAKE_ROLES: readonly Role[] = ['intake', 'inspector', 'community_worker', 'dispatcher', 'shift_lead'];

/** Who works the supervision board (the server's SUPERVISORS). */
export const SUPERVISION_ROLES: readonly Role[] = ['shift_lead', 'dispatcher'];

/** Who reads the evaluation (the server's EVALUATION_READERS). */
export const EVALUATION_ROLES: readonly Role[] = ['admin', 'shift_lead', 'dispatcher', 'auditor'];

/** Who may look at the city screen (the server's SCREEN_VIEWERS): every staff role, not a gateway. */
export const SCREEN_ROLES: readonly Role[] = [
  'shift_lead',
  'dispatcher',
  'intake',
  'admin',
  'inspector',
  'handler',
  'community_worker',
  'auditor',
];

/** Who finds something on the workbench: a queue, or the intake button. */
export const WORK_ROLES: readonly Role[] = ROLES.filter((r) => QUEUES_BY_ROLE[r].length > 0 || INTAKE_ROLES.includes(r));
