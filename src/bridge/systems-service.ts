/**
 * The bridge's administration: the outside systems (their callback URL, gateway account and
 * signing secret, sealed at rest) and the category mapping from a system's category text to the
 * catalogue. Apart from the request intake and the callbacks (service.ts), which only read them.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId, newSecret } from '../platform/ids.ts';
import type { AuditRecorder } from '../audit/model.ts';
import { webhookUrlProblem } from '../cases/webhook-model.ts';
import type { BridgeChannel, MappingEntry } from './bridge-model.ts';
import { mappingKey, mappingProblems } from './bridge-model.ts';
import { DEFAULT_CATEGORY_MAPPING } from './mapping-data.ts';
import * as store from './store.ts';
import type { StoredSystem } from './store.ts';

/** Seals the systems' signing secrets at rest (the registry's field cipher, passed in by compose). */
export interface SecretSealer {
  seal(value: string, context: string): string;
  open(sealed: string, context: string): string;
  /** Whether a sealed value is under the current data key (else `resealSecrets` moves it). */
  isCurrent(sealed: string): boolean;
}

/** Who did an admin act, for the audit log. */
export interface BridgeAdmin {
  userId: string;
  username: string;
}

/** A system as shown: never the secret, given out once at creation. */
export interface SystemView {
  id: string;
  name: string;
  channel: string;
  callbackUrl: string;
  gatewayUserId: string | null;
  active: boolean;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
}

/** What the administration needs. */
export interface SystemsDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** A user's roles, to check that a system's gateway account is one. */
  userRoles(id: string): Promise<readonly string[] | undefined>;
  secrets: SecretSealer;
  audit: AuditRecorder;
}

/** The context a system's secret is sealed under (binds the seal to the system). */
export const sealContext = (systemId: string): string => `bridge-system:${systemId}`;

function systemView(s: StoredSystem): SystemView {
  const { secretSealed: _sealed, ...rest } = s;
  return rest;
}

/**
 * Records an admin's act on a system, the mapping or a callback in the audit log.
 * @example await auditAdmin(audit, admin, 'bridge.callback_retry', id, { event: 'closed' });
 */
export function auditAdmin(
  audit: AuditRecorder,
  admin: BridgeAdmin,
  action: string,
  id: string | null,
  detail: Record<string, unknown>,
): Promise<unknown> {
  return audit.record({
    actor: { kind: 'user', userId: admin.userId, username: admin.username },
    action,
    subject: { kind: action.startsWith('bridge.callback') ? 'bridge_callback' : 'bridge_system', id, path: null },
    detail,
  });
}

/**
 * Creates the administration of systems and mapping.
 * @example const systems = createSystemsAdmin({ db, clock, userRoles, secrets, audit }); await systems.systems();
 */
export function createSystemsAdmin(deps: SystemsDeps) {
  const { db } = deps;
  const audit = (admin: BridgeAdmin, action: string, id: string | null, detail: Record<string, unknown>) =>
    auditAdmin(deps.audit, admin, action, id, detail);

  /** The mapping in force: the admins' table, or the defaults while they have set none. */
  async function mappingInForce(): Promise<{ entries: MappingEntry[]; custom: boolean }> {
    const rows = await store.listMapping(db);
    if (rows.length > 0) return { entries: rows.map((r) => ({ text: r.label, category: r.category })), custom: true };
    return { entries: Object.entries(DEFAULT_CATEGORY_MAPPING).map(([text, category]) => ({ text, category })), custom: false };
  }

  async function checkGateway(userId: string | null | undefined, exceptId?: string): Promise<void> {
    if (!userId) return;
    const roles = await deps.userRoles(userId);
    if (!roles)
      throw new AppError(422, 'BRIDGE_GATEWAY_INVALID', 'gatewayUserId: no such user', [
        { field: 'gatewayUserId', message: 'no such user' },
      ]);
    if (!roles.includes('gateway'))
      throw new AppError(422, 'BRIDGE_GATEWAY_INVALID', 'gatewayUserId: the account must hold the gateway role', [
        { field: 'gatewayUserId', message: 'not a gateway account' },
      ]);
    if (await store.clashingSystem(db, { gatewayUserId: userId, ...(exceptId ? { exceptId } : {}) }))
      throw new AppError(409, 'BRIDGE_GATEWAY_TAKEN', 'this gateway account already posts as another system', [
        { field: 'gatewayUserId', message: 'bound to another system' },
      ]);
  }

  function checkUrl(url: string): void {
    const problem = webhookUrlProblem(url);
    if (problem)
      throw new AppError(422, 'BRIDGE_CALLBACK_URL_INVALID', `callbackUrl: ${problem}`, [{ field: 'callbackUrl', message: problem }]);
  }

  return {
    mappingInForce,
    /** Registers a system; its signing secret is in this answer only. */
    createSystem: async (
      input: { name: string; channel: BridgeChannel; callbackUrl: string; gatewayUserId?: string | null },
      admin: BridgeAdmin,
    ): Promise<{ system: SystemView; secret: string }> => {
      checkUrl(input.callbackUrl);
      if (await store.clashingSystem(db, { name: input.name }))
        throw new AppError(409, 'BRIDGE_SYSTEM_EXISTS', `a system named ${input.name} exists`, [{ field: 'name', message: 'taken' }]);
      await checkGateway(input.gatewayUserId);
      const id = newId();
      const secret = newSecret();
      const now = deps.clock.now();
      const s: StoredSystem = {
        id,
        name: input.name,
        channel: input.channel,
        callbackUrl: input.callbackUrl,
        secretSealed: deps.secrets.seal(secret, sealContext(id)),
        gatewayUserId: input.gatewayUserId ?? null,
        active: true,
        createdAt: now,
        createdBy: admin.userId,
        updatedAt: now,
      };
      await store.insertSystem(db, s);
      await audit(admin, 'bridge.system_create', id, { name: s.name, channel: s.channel, gatewayUserId: s.gatewayUserId });
      return { system: systemView(s), secret };
    },
    /** Changes a system's callback URL, gateway account (null unbinds) or activity. */
    updateSystem: async (
      id: string,
      patch: { callbackUrl?: string; gatewayUserId?: string | null; active?: boolean },
      admin: BridgeAdmin,
    ): Promise<SystemView> => {
      if (!(await store.getSystem(db, id))) throw notFound(`bridge system ${id}`, 'BRIDGE_SYSTEM_NOT_FOUND');
      if (patch.callbackUrl !== undefined) checkUrl(patch.callbackUrl);
      await checkGateway(patch.gatewayUserId, id);
      await store.updateSystem(db, id, { ...patch, updatedAt: deps.clock.now() });
      await audit(admin, 'bridge.system_update', id, { changed: Object.keys(patch) });
      return systemView((await store.getSystem(db, id))!);
    },
    /**
     * Seals every system's secret under the current data key (after a rotation); a secret changed
     * meanwhile is left for the next run. Answers how many moved and how many are left.
     */
    resealSecrets: async (): Promise<{ resealed: number; remaining: number }> => {
      let resealed = 0;
      for (const s of await store.listSystems(db)) {
        if (deps.secrets.isCurrent(s.secretSealed)) continue;
        const after = deps.secrets.seal(deps.secrets.open(s.secretSealed, sealContext(s.id)), sealContext(s.id));
        if (await store.replaceSecretSeal(db, s.id, s.secretSealed, after)) resealed++;
      }
      const remaining = (await store.listSystems(db)).filter((s) => !deps.secrets.isCurrent(s.secretSealed)).length;
      return { resealed, remaining };
    },
    /** Every system, oldest first, without secrets. */
    systems: async (): Promise<SystemView[]> => {
      return (await store.listSystems(db)).map(systemView);
    },
    /** The mapping in force and whether admins set it (`custom`) or it is the defaults. */
    mapping: async (): Promise<{ items: MappingEntry[]; source: 'custom' | 'default' }> => {
      const m = await mappingInForce();
      return { items: m.entries, source: m.custom ? 'custom' : 'default' };
    },
    /** Replaces the mapping; each entry's text and category are checked (422 naming the entry). */
    setMapping: async (items: readonly MappingEntry[], admin: BridgeAdmin): Promise<{ items: MappingEntry[]; source: 'custom' }> => {
      const entries = items.map((e) => ({ text: e.text.trim(), category: e.category.trim().toUpperCase() }));
      const problems = mappingProblems(entries);
      if (problems.length > 0)
        throw new AppError(422, 'BRIDGE_MAPPING_INVALID', `${problems[0]!.field}: ${problems[0]!.message}`, problems);
      const rows = entries.map((e) => ({ text: mappingKey(e.text), label: e.text, category: e.category }));
      await db.transaction().execute((trx) => store.replaceMapping(trx, rows, { now: deps.clock.now(), by: admin.userId }));
      await audit(admin, 'bridge.mapping_update', null, { entries: rows.length });
      return { items: (await mappingInForce()).entries, source: 'custom' };
    },
  };
}
