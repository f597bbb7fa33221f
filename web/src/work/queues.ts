/** Which work queues each role sees on the workbench (pure; the server still decides what is in them). */
import type { QueueName, Role } from '../api/types.ts';

/** The queues per role, most pressing first. */
export const QUEUES_BY_ROLE: Readonly<Record<Role, readonly QueueName[]>> = {
  admin: ['overdue'],
  shift_lead: ['overdue', 'to-dispatch', 'to-verify'],
  dispatcher: ['to-dispatch', 'to-verify', 'overdue'],
  intake: ['to-dispatch'],
  inspector: ['to-verify'],
  handler: ['mine'],
  community_worker: ['mine'],
  auditor: ['overdue'],
  gateway: [],
};

/** The queues of someone holding `roles`, each once, in the order of their roles. */
export function queuesFor(roles: readonly Role[]): QueueName[] {
  const out: QueueName[] = [];
  for (const r of roles) for (const q of QUEUES_BY_ROLE[r] ?? []) if (!out.includes(q)) out.push(q);
  return out;
}

/** Roles that may give commands on cases (the server's CASE_ACTORS); the case page offers a comment box to them. */
export const CASE_ACTOR_ROLES: readonly Role[] = ['shift_lead', 'dispatcher', 'intake', 'inspector', 'handler', 'community_worker'];
