/**
 * What the welfare module needs from other modules, as narrow structural types: compose.ts passes
 * the real services (sensing, registry, cases, directory); nothing here reaches another module's
 * store.
 */
import type { AuditRecorder } from '../audit/model.ts';
import type { Bus } from '../platform/bus/bus.ts';
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../platform/db/create-db.ts';
import type { Actor, Case } from '../cases/case-types.ts';
import type { Grant, GrantQuestion, Purpose } from '../registry/grant-model.ts';
import type { RecordAnswer } from './views.ts';

/** A reader of registry records as the registry names it: a signed-in user, or the platform. */
export interface Reader {
  userId: string;
  username: string;
  roles: readonly string[];
  scopePath: string;
  system?: boolean;
}

/** A registry record as answered, with its tags. */
export type RegistryAnswer = RecordAnswer & { tags: string[] };

/** The registry's read path and grants, as the welfare module uses them. */
export interface WelfareRegistry {
  /** One record, scoped, masked unless a grant for the purpose covers it, audited; 404 otherwise. */
  get(kind: 'person' | 'housing', id: string, reader: Reader, p: { purpose?: Purpose; caseId?: string }): Promise<RegistryAnswer>;
  grants: {
    find(q: GrantQuestion, now: number): Promise<Grant | null>;
    /** A grant the platform issues for a task on the strength of a policy (validated and audited by the registry). */
    issueForTask(input: {
      granteeUserId: string;
      purpose: Purpose;
      subjectKind: 'person';
      ids: readonly string[];
      caseId: string;
      reason: string;
      validUntil: number;
      decidedBy: string;
    }): Promise<Pick<Grant, 'id' | 'validUntil'>>;
    /** Ends a task's grant (audited); nothing when it is no longer in force. */
    endForTask(id: string, decidedBy: string, note: string): Promise<void>;
  };
}

/** The cases service, as far as the welfare task goes. */
export interface WelfareCases {
  get(id: string, actor: Actor): Promise<Case>;
  command(
    id: string,
    input: { type: 'handle'; result: string },
    actor: Actor,
    expectedVersion?: number,
    also?: (trx: Database['db'], applied: unknown[]) => Promise<void>,
  ): Promise<unknown[]>;
}

/** What the welfare service needs. */
export interface WelfareDeps {
  database: Database;
  clock: Clock;
  bus: Bus;
  audit: AuditRecorder;
  registry: WelfareRegistry;
  cases: WelfareCases;
  /** The household a device serves (`householdRef`), or null. */
  householdOf(deviceId: string): Promise<string | null>;
  /** A user's name and unit, for the grant's holder check and the audit log. */
  userOf(id: string): Promise<{ username: string; unitId: string | null; active: boolean } | undefined>;
  onError?: (message: string, e: unknown) => void;
}
