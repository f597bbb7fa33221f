/**
 * The base-data registry (人口、法人、房屋): import, scoped and masked reads, exports, purpose
 * grants, and the demo population. Built once per process by compose.ts; other modules use
 * `grants` (the `GrantChecker`) and `elderlyAlone`.
 */
import type { AuditRecorder } from '../audit/model.ts';
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../platform/db/create-db.ts';
import { getMeta, setMeta } from '../platform/db/meta.ts';
import { newId } from '../platform/ids.ts';
import type { RecordKind } from './classification.ts';
import { createExportService } from './export-service.ts';
import type { DataKeyRing } from './data-key.ts';
import { createFieldCipher } from './field-cipher.ts';
import { resealRecords, type ResealResult } from './reseal.ts';
import { createGrantService } from './grant-service.ts';
import { createImportService } from './import-service.ts';
import { createReadService } from './read-service.ts';
import { recordFromRow, recordToRow } from './record-codec.ts';
import type { RecordInput } from './record-model.ts';
import * as store from './store.ts';
import { lookupKeys } from './natural-keys.ts';

/** What the registry needs. */
export interface RegistryDeps {
  database: Database;
  clock: Clock;
  audit: AuditRecorder;
  /** The data keys (see data-key.ts): the current one seals, previous ones open; never stored in the database. */
  dataKeys: DataKeyRing;
  /** Jurisdictions: by id or code, with level and path. */
  geo: { find(idOrCode: string): { id: string; name: string; level: string; path: string } | undefined };
  /** The jurisdiction path of an active user. */
  userPath: (userId: string) => Promise<string | undefined>;
  /** Whether a case exists (grants for case handling and investigations name one). */
  caseExists: (caseId: string) => Promise<boolean>;
}

/** The registry service. */
export type RegistryService = Awaited<ReturnType<typeof createRegistryService>>;

/** A person tagged 独居老人 and the dwelling they live in, without any protected field. */
export interface ElderlyHousehold {
  personId: string;
  housingId: string;
  communityId: string;
  jurisdictionPath: string;
  building: string | null;
  unit: string | null;
  room: string | null;
}

const KEY_META = 'registry_data_key_id';

/**
 * Creates the registry. Refuses to start without the data key the stored data was last wholly
 * sealed with (current or previous): reads would fail record by record instead.
 * @example const registry = await createRegistryService({ database, clock, audit, dataKeys, geo, userPath, caseExists });
 */
export async function createRegistryService(deps: RegistryDeps) {
  const { db } = deps.database;
  const cipher = createFieldCipher(deps.dataKeys.current, deps.dataKeys.previous);
  const known = await getMeta(db, KEY_META);
  if (known === undefined) await setMeta(db, KEY_META, cipher.keyId);
  else if (!cipher.keyIds.includes(known))
    throw new Error(
      `registry: this database was sealed with data key ${known}, which is not among the configured keys (${cipher.keyIds.join(', ')}); ` +
        'restore <dataDir>/data.key or CITYOPS_DATA_KEY, or, after a rotation, give the old key as a previous one ' +
        '(CITYOPS_DATA_KEYS_PREVIOUS or a further line of data.key) until cityops data-key reseal has run',
    );
  const community = (codeOrId: string) => {
    const j = deps.geo.find(codeOrId);
    return j && j.level === 'community' ? { id: j.id, path: j.path } : undefined;
  };
  const grants = createGrantService({
    database: deps.database,
    clock: deps.clock,
    audit: deps.audit,
    userPath: deps.userPath,
    jurisdictionPath: (id) => deps.geo.find(id)?.path,
    recordPaths: (kind, ids) => (kind === 'checkin' ? Promise.resolve(new Map()) : store.pathsOf(db, kind, ids)),
    caseExists: deps.caseExists,
  });
  const reads = createReadService({ database: deps.database, clock: deps.clock, audit: deps.audit, cipher, grants });
  const imports = createImportService({ database: deps.database, clock: deps.clock, audit: deps.audit, cipher, community });
  const exports = createExportService({
    database: deps.database,
    clock: deps.clock,
    audit: deps.audit,
    cipher,
    grants,
    communityName: (id) => deps.geo.find(id)?.name ?? id,
  });

  /** Every record of a kind under a path with a tag, page by page. */
  async function all(kind: RecordKind, scopePath: string, tag?: string) {
    const out = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await store.listRecords(db, { kind, scopePath, limit: 1000, ...(tag ? { tag } : {}), ...(afterId ? { afterId } : {}) });
      out.push(...page.map((r) => recordFromRow(r, cipher)));
      if (page.length < 1000) return out;
      afterId = page[page.length - 1]!.id;
    }
  }

  return {
    /** Purpose grants; `grants.find` is the `GrantChecker` for other modules. */
    grants,
    list: reads.list,
    get: reads.get,
    import: imports.run,
    export: exports.run,
    /** A community (居村) by code or id, or undefined. */
    community,
    /** The path of a record of a kind, or undefined (for route scope checks). */
    async pathOf(kind: RecordKind, id: string): Promise<string | undefined> {
      return (await store.pathsOf(db, kind, [id])).get(id);
    },
    /**
     * Stores generated records at once (the demo population); records whose natural key is
     * already stored are skipped. Not audited: no person reads anything.
     */
    async seed(inputs: readonly RecordInput[], by = 'demo'): Promise<number> {
      const now = deps.clock.now();
      return db.transaction().execute(async (trx) => {
        const rows = [];
        for (const kind of new Set(inputs.map((i) => i.kind))) {
          const mine = inputs.filter((i) => i.kind === kind).map((i) => ({ input: i, keys: lookupKeys(i, cipher) }));
          const existing = await store.idsByNaturalKeys(
            trx,
            kind,
            mine.flatMap((m) => m.keys),
          );
          for (const { input: i, keys } of mine)
            if (!keys.some((k) => existing.has(k)))
              rows.push(recordToRow(i, { id: i.id ?? newId(), createdAt: now, updatedAt: now, updatedBy: by }, cipher));
        }
        await store.insertRecords(trx, rows);
        return rows.length;
      });
    },
    /**
     * Moves every record sealed under a previous data key to the current one (after a
     * rotation); once none is left, the database is marked as sealed with the current key, so a
     * start without the previous keys is accepted. Audited (counts only).
     */
    async reseal(onPage?: (done: number) => void): Promise<ResealResult> {
      const result = await resealRecords(db, cipher, onPage);
      if (result.remaining === 0) await setMeta(db, KEY_META, cipher.keyId);
      await deps.audit.record({
        actor: { kind: 'system', name: 'data-key' },
        action: 'registry.reseal',
        subject: { kind: 'registry', id: null, path: '/' },
        outcome: result.remaining === 0 ? 'ok' : 'failed',
        detail: { keyId: cipher.keyId, resealed: result.resealed, conflicts: result.conflicts.length, remaining: result.remaining },
      });
      return result;
    },
    /** Fingerprints of the configured data keys, the current one first. */
    keyIds: cipher.keyIds,
    /** The keyed hash of an ID number, as stored for matching (the demo links residents by it). */
    idHash: (idNumber: string) => cipher.idHash(idNumber),
    /**
     * People tagged 独居老人 under a path and the dwellings listing them as residents, for linking
     * water meters to households (the elderly scenario). Only ids and places: no protected field.
     */
    async elderlyAlone(scopePath = '/'): Promise<ElderlyHousehold[]> {
      const people = await all('person', scopePath, 'elderly_alone');
      const ids = new Set(people.map((p) => p.id));
      const out: ElderlyHousehold[] = [];
      for (const h of await all('housing', scopePath)) {
        const residents = h.fields.residentIds;
        for (const personId of typeof residents === 'string' || !residents ? [] : residents)
          if (ids.has(personId))
            out.push({
              personId,
              housingId: h.id,
              communityId: h.communityId,
              jurisdictionPath: h.jurisdictionPath,
              building: h.building,
              unit: typeof h.fields.unit === 'string' ? h.fields.unit : null,
              room: typeof h.fields.room === 'string' ? h.fields.room : null,
            });
      }
      return out;
    },
  };
}
