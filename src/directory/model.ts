/** The directory's records as the rest of the platform sees them. Pure types. */
import type { DepartmentKind } from './department-kinds.ts';
import type { Role } from './roles.ts';

/** Operation centre (城运中心) or department (专业部门, including asset owners). */
export type UnitKind = 'centre' | 'department';

/** A unit that receives, dispatches or handles cases. */
export interface Unit {
  id: string;
  code: string;
  kind: UnitKind;
  departmentKind: DepartmentKind | null;
  name: string;
  nameEn: string | null;
  jurisdictionId: string;
}

/** A person who signs in; never carries the password hash out of the directory. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  jurisdictionId: string;
  unitId: string | null;
  disabled: boolean;
  passwordChangedAt: number;
  createdAt: number;
}

/** One cell of the responsibility matrix. */
export interface Responsibility {
  id: string;
  categoryCode: string;
  jurisdictionId: string;
  unitId: string;
}
