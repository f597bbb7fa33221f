/** Who reads, imports or exports registry data, and how they are named in the audit log. */
import type { AuditActor } from '../audit/model.ts';
import type { Principal } from '../platform/http/access.ts';

/** A signed-in caller, or the platform itself (`system`: the CLI, the demo loader). */
export type RegistryActor = Pick<Principal, 'userId' | 'username' | 'roles' | 'scopePath'> & { system?: boolean };

/** The platform acting for an operator at the command line: the whole city, no grant. */
export const CLI_ACTOR: RegistryActor = { userId: 'system', username: 'cityops import', roles: [], scopePath: '/', system: true };

/** The audit log's actor for a registry actor. */
export function auditActor(a: RegistryActor): AuditActor {
  return a.system ? { kind: 'system', name: a.username } : { kind: 'user', userId: a.userId, username: a.username };
}
