/**
 * The roles a person can hold on the platform. A role says what someone may do; the
 * jurisdiction a user is scoped to says where (an admin scoped at the city is the city admin,
 * the same role scoped at a district administers only that district). Pure data, no I/O.
 */

/** Every role with its Chinese and English label and a one-line description. */
export const ROLES = {
  admin: {
    zh: '系统管理员',
    en: 'Administrator',
    description: 'Manages users, units and the responsibility matrix within their scope; a city admin is an admin scoped at the city.',
  },
  shift_lead: {
    zh: '值班长',
    en: 'Shift lead',
    description: 'Leads an operation-centre shift: supervises cases, approves extensions, parking and voiding, escalates.',
  },
  dispatcher: {
    zh: '派遣员',
    en: 'Dispatcher',
    description: 'Files cases and dispatches them to the responsible unit; verifies and closes them.',
  },
  intake: {
    zh: '受理员',
    en: 'Intake clerk',
    description: 'Receives reports (hotline, citizens, alerts) and turns them into cases to be filed.',
  },
  inspector: {
    zh: '监督员/网格员',
    en: 'Grid inspector',
    description: 'Patrols a grid, reports problems from the field and checks on-site that cases are solved.',
  },
  handler: {
    zh: '处置人员',
    en: 'Case handler',
    description: 'Works in a department: accepts or returns dispatched cases, handles them, reports back.',
  },
  community_worker: {
    zh: '居委会工作人员',
    en: 'Neighbourhood committee worker',
    description: 'Visits residents when told to (e.g. elderly living alone, falling objects) and reports back.',
  },
  auditor: {
    zh: '审计员',
    en: 'Auditor',
    description: 'Reads the audit log and access records within their scope; changes nothing.',
  },
  gateway: {
    zh: '接入网关',
    en: 'Gateway (machine account)',
    description: 'A sensor gateway or AI-video platform posting readings and detections with a bearer token; nothing else.',
  },
} as const satisfies Record<string, { zh: string; en: string; description: string }>;

/** One role name, e.g. `dispatcher`. */
export type Role = keyof typeof ROLES;

/** All roles, in display order. */
export const ROLE_LIST = Object.keys(ROLES) as Role[];

/** Whether a string (from a request, a token, a database row) names a role. */
export function isRole(s: string): s is Role {
  // Own-property check so that `toString` or `__proto__` are not mistaken for roles.
  return Object.prototype.hasOwnProperty.call(ROLES, s);
}

/**
 * Roles whose holder must belong to a unit: a handler always works for a department, because
 * the cases they see are the ones dispatched to that department.
 */
export const rolesNeedingUnit: ReadonlySet<Role> = new Set<Role>(['handler']);

/** Whether a user holding `role` must have a unit. */
export function roleNeedsUnit(role: Role): boolean {
  return rolesNeedingUnit.has(role);
}
