/**
 * SQL of the bridge: source systems, requests taken in and the category mapping. The status
 * callbacks queue is callback-store.ts.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { BridgeSystemTable } from '../platform/db/schema-bridge.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** A source system as stored (the secret still sealed). */
export interface StoredSystem {
  id: string;
  name: string;
  channel: string;
  callbackUrl: string;
  secretSealed: string;
  gatewayUserId: string | null;
  active: boolean;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
}

function toSystem(r: Selectable<BridgeSystemTable>): StoredSystem {
  return {
    id: r.id,
    name: r.name,
    channel: r.channel,
    callbackUrl: r.callback_url,
    secretSealed: r.secret_sealed,
    gatewayUserId: r.gateway_user_id,
    active: r.active === 1,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    updatedAt: Number(r.updated_at),
  };
}

/** Stores a new system. */
export async function insertSystem(db: Executor, s: StoredSystem): Promise<void> {
  await db
    .insertInto('bridge_systems')
    .values({
      id: s.id,
      name: s.name,
      channel: s.channel,
      callback_url: s.callbackUrl,
      secret_sealed: s.secretSealed,
      gateway_user_id: s.gatewayUserId,
      active: s.active ? 1 : 0,
      created_at: s.createdAt,
      created_by: s.createdBy,
      updated_at: s.updatedAt,
    })
    .execute();
}

/** Changes a system's callback URL, gateway account or activity. */
export async function updateSystem(
  db: Executor,
  id: string,
  patch: { callbackUrl?: string; gatewayUserId?: string | null; active?: boolean; updatedAt: number },
): Promise<boolean> {
  const r = await db
    .updateTable('bridge_systems')
    .set({
      updated_at: patch.updatedAt,
      ...(patch.callbackUrl !== undefined ? { callback_url: patch.callbackUrl } : {}),
      ...(patch.gatewayUserId !== undefined ? { gateway_user_id: patch.gatewayUserId } : {}),
      ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Replaces a system's sealed secret if it is still `before`; whether it did. */
export async function replaceSecretSeal(db: Executor, id: string, before: string, after: string): Promise<boolean> {
  const r = await db
    .updateTable('bridge_systems')
    .set({ secret_sealed: after })
    .where('id', '=', id)
    .where('secret_sealed', '=', before)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** One system by id, or undefined. */
export async function getSystem(db: Executor, id: string): Promise<StoredSystem | undefined> {
  const r = await db.selectFrom('bridge_systems').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toSystem(r) : undefined;
}

/** The system a gateway account posts as, or undefined. */
export async function systemOfGateway(db: Executor, userId: string): Promise<StoredSystem | undefined> {
  const r = await db.selectFrom('bridge_systems').selectAll().where('gateway_user_id', '=', userId).executeTakeFirst();
  return r ? toSystem(r) : undefined;
}

/** Every system, oldest first. */
export async function listSystems(db: Executor): Promise<StoredSystem[]> {
  return (await db.selectFrom('bridge_systems').selectAll().orderBy('created_at').orderBy('id').execute()).map(toSystem);
}

/** A system with this name or gateway account, other than `exceptId`: the unique columns' clash, said plainly. */
export async function clashingSystem(
  db: Executor,
  o: { name?: string; gatewayUserId?: string | null; exceptId?: string },
): Promise<{ field: 'name' | 'gatewayUserId' } | null> {
  if (o.name !== undefined) {
    const r = await db.selectFrom('bridge_systems').select('id').where('name', '=', o.name).executeTakeFirst();
    if (r && r.id !== o.exceptId) return { field: 'name' };
  }
  if (o.gatewayUserId) {
    const r = await db.selectFrom('bridge_systems').select('id').where('gateway_user_id', '=', o.gatewayUserId).executeTakeFirst();
    if (r && r.id !== o.exceptId) return { field: 'gatewayUserId' };
  }
  return null;
}

/** A request taken in before. */
export interface StoredRequest {
  systemId: string;
  externalId: string;
  fingerprint: string;
  caseId: string;
  caseCode: string;
}

/** The request a system posted under this external id, or undefined. */
export async function getRequest(db: Executor, systemId: string, externalId: string): Promise<StoredRequest | undefined> {
  const r = await db
    .selectFrom('bridge_requests')
    .select(['system_id', 'external_id', 'fingerprint', 'case_id', 'case_code'])
    .where('system_id', '=', systemId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return r && { systemId: r.system_id, externalId: r.external_id, fingerprint: r.fingerprint, caseId: r.case_id, caseCode: r.case_code };
}

/** Records a request; a concurrent twin that got there first wins (the caller reads it back). */
export async function insertRequest(db: Executor, r: StoredRequest & { id: string; createdAt: number }): Promise<void> {
  await db
    .insertInto('bridge_requests')
    .values({
      id: r.id,
      system_id: r.systemId,
      external_id: r.externalId,
      fingerprint: r.fingerprint,
      case_id: r.caseId,
      case_code: r.caseCode,
      created_at: r.createdAt,
    })
    .onConflict((oc) => oc.columns(['system_id', 'external_id']).doNothing())
    .execute();
}

/** The mapping rows, by label. */
export async function listMapping(db: Executor): Promise<Array<{ text: string; label: string; category: string }>> {
  return db.selectFrom('bridge_mapping').select(['text', 'label', 'category']).orderBy('label').execute();
}

/** Replaces the whole mapping (run it in a transaction). */
export async function replaceMapping(
  db: Executor,
  rows: ReadonlyArray<{ text: string; label: string; category: string }>,
  o: { now: number; by: string },
): Promise<void> {
  await db.deleteFrom('bridge_mapping').execute();
  if (rows.length === 0) return;
  await db
    .insertInto('bridge_mapping')
    .values(rows.map((r) => ({ text: r.text, label: r.label, category: r.category, updated_at: o.now, updated_by: o.by })))
    .execute();
}
