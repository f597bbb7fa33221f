/** `cityops user add`: creates a user from the command line (e.g. the first admin). */
import type { Config } from '../config.ts';
import { buildServices } from '../compose.ts';
import { AppError } from '../platform/errors.ts';
import { isRole, type Role } from '../directory/roles.ts';

/** Options of `user add`. */
export interface UserAddOptions {
  username: string;
  name: string;
  roles: string[];
  jurisdiction: string;
  unit?: string;
  password: string;
}

/** The service's input fields by the name of the option that sets them. */
const OPTION_OF_FIELD: Record<string, string> = {
  username: 'username',
  displayName: 'name',
  password: 'password',
  roles: 'role',
  jurisdictionId: 'jurisdiction',
  unitId: 'unit',
};

/** Creates the user; errors name the option at fault. */
export async function userAddCommand(config: Config, o: UserAddOptions, print: (line: string) => void = console.log): Promise<void> {
  for (const r of o.roles) if (!isRole(r)) throw new Error(`--role: unknown role "${r}"`);
  const services = await buildServices(config);
  try {
    const j = services.geo.find(o.jurisdiction);
    if (!j) throw new Error(`--jurisdiction: no jurisdiction with id or code "${o.jurisdiction}"`);
    let unitId: string | null = null;
    if (o.unit) {
      const unit = services.directory.getUnitByCode(o.unit) ?? services.directory.getUnit(o.unit);
      if (!unit) throw new Error(`--unit: no unit with code or id "${o.unit}"`);
      unitId = unit.id;
    }
    const user = await services.directory.createUser({
      username: o.username,
      displayName: o.name,
      password: o.password,
      roles: o.roles as Role[],
      jurisdictionId: j.id,
      unitId,
    });
    print(`created user ${user.username} (${user.roles.join(', ')}) scoped to ${j.name} ${j.code}`);
  } catch (e) {
    if (e instanceof AppError) {
      const field = e.fields[0]?.field ?? 'input';
      const message = e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message;
      throw new Error(`--${OPTION_OF_FIELD[field] ?? field}: ${message}`);
    }
    throw e;
  } finally {
    await services.close();
  }
}
