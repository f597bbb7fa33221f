/**
 * Open311 api keys: made for a named client application (by the CLI, the admin API, or the
 * demo's first start), shown once, stored as SHA-256 only, optionally bound to a jurisdiction
 * whose subtree the client may report in, revocable. Making and revoking are audited.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../platform/db/create-db.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId, newSecret } from '../../platform/ids.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { AuditActor, AuditRecorder } from '../../audit/model.ts';
import { insertKey, keyByHash, keyById, keyByName, listKeys, revokeKey, touchKey, type ApiKeyRecord } from './key-store.ts';

export type { ApiKeyRecord } from './key-store.ts';

/** What the key service needs. */
export interface KeyServiceDeps {
  database: Database;
  clock: Clock;
  audit: AuditRecorder;
  geo: { find(idOrCode: string): { id: string; path: string } | undefined };
}

/** A key just made: the only time its secret is seen. */
export interface IssuedKey {
  key: string;
  record: ApiKeyRecord;
}

/** Prefix of every key, so a leaked one is recognizable in logs and scanners. */
const KEY_PREFIX = 'o311_';
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,79}$/u;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The api key service. */
export interface KeyService {
  /** Makes a key for a client; the name must be new. */
  create(input: { name: string; jurisdiction?: string | null }, actor: AuditActor): Promise<IssuedKey>;
  /** The active key this secret is, or undefined (unknown or revoked). Notes its use. */
  verify(key: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  revoke(id: string, actor: AuditActor): Promise<ApiKeyRecord>;
  /** Makes the `demo` key unless it exists; the new key, or null when there was one already. */
  ensureDemoKey(): Promise<IssuedKey | null>;
}

/**
 * Creates the api key service.
 * @example const keys = createKeyService({ database, clock, audit, geo }); const { key } = await keys.create({ name: 'app' }, actor);
 */
export function createKeyService(deps: KeyServiceDeps): KeyService {
  const { db } = deps.database;
  const auditKey = (action: string, k: ApiKeyRecord, actor: AuditActor) =>
    deps.audit.record({
      actor,
      action,
      subject: { kind: 'open311_api_key', id: k.id, path: k.jurisdictionPath },
      detail: { name: k.name, prefix: k.keyPrefix, jurisdictionId: k.jurisdictionId },
    });

  const create: KeyService['create'] = async (input, actor) => {
    const name = input.name.trim();
    if (!NAME.test(name))
      throw invalid('name', 'letters, digits, space, dot, dash or underscore; 1–80 characters, starting with a letter or digit');
    let jurisdiction: { id: string; path: string } | null = null;
    if (input.jurisdiction) {
      jurisdiction = deps.geo.find(input.jurisdiction) ?? null;
      if (!jurisdiction) throw invalid('jurisdictionId', 'no such jurisdiction');
    }
    if (await keyByName(db, name))
      throw new AppError(409, 'OPEN311_KEY_NAME_TAKEN', `name: a key named "${name}" exists already`, [
        { field: 'name', message: 'taken' },
      ]);
    const key = `${KEY_PREFIX}${newSecret(32)}`;
    const createdBy = actor.kind === 'user' ? actor.userId : actor.kind === 'system' ? actor.name : actor.label;
    const row = {
      id: newId(),
      name,
      key_hash: hashKey(key),
      key_prefix: key.slice(0, KEY_PREFIX.length + 6),
      jurisdiction_id: jurisdiction?.id ?? null,
      jurisdiction_path: jurisdiction?.path ?? null,
      created_at: deps.clock.now(),
      created_by: createdBy,
      revoked_at: null,
      last_used_at: null,
    };
    await insertKey(db, row);
    const record = (await keyById(db, row.id))!;
    await auditKey('open311.key_create', record, actor);
    return { key, record };
  };

  return {
    create,
    async verify(key) {
      if (!key.startsWith(KEY_PREFIX) || key.length > 200) return undefined;
      const k = await keyByHash(db, hashKey(key));
      if (!k || k.revokedAt !== null) return undefined;
      await touchKey(db, k.id, deps.clock.now());
      return k;
    },
    list: () => listKeys(db),
    async revoke(id, actor) {
      const k = await keyById(db, id);
      if (!k) throw notFound('api key', 'OPEN311_KEY_NOT_FOUND');
      if (await revokeKey(db, id, deps.clock.now())) await auditKey('open311.key_revoke', k, actor);
      return (await keyById(db, id))!;
    },
    async ensureDemoKey() {
      if (await keyByName(db, 'demo')) return null;
      return create({ name: 'demo' }, { kind: 'system', name: 'demo' });
    },
  };
}
