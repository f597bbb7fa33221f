/**
 * Reading base records: scoped, masked, granted, audited. A reader sees only records inside
 * their jurisdiction; a record outside it, or of another kind, is "not found" (no existence
 * leak). Protected fields are masked unless an active grant for the purpose the reader names
 * covers the record. Handlers (department staff) see only records a grant covers. Every record
 * answered — in a list or alone, masked or not — is one audit entry with the purpose, the grant
 * and whether it was masked, stored before the answer leaves.
 */
import type { AuditInput, AuditRecorder } from '../audit/model.ts';
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../platform/db/create-db.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { auditActor, type RegistryActor } from './actor.ts';
import type { RecordKind } from './classification.ts';
import type { FieldCipher } from './field-cipher.ts';
import { commonPath, grantCovers, type Grant, type Purpose } from './grant-model.ts';
import { recordFromRow } from './record-codec.ts';
import type { RegistryRecord } from './record-model.ts';
import { presentRecord, type RecordView } from './record-view.ts';
import * as store from './store.ts';

/** Roles that read records of their jurisdiction (masked without a grant). */
export const SCOPE_READERS = ['community_worker', 'admin', 'shift_lead', 'dispatcher'] as const;
/** Roles that read only what a grant covers. */
export const GRANT_ONLY_READERS = ['handler'] as const;

/** The purpose a read is made under, and the case it serves. */
export interface ReadPurpose {
  purpose?: Purpose | undefined;
  caseId?: string | undefined;
}

/** A list query. */
export interface ListQuery extends ReadPurpose {
  /** Narrower than the reader's scope: a jurisdiction path inside it. */
  scopePath?: string;
  communityId?: string;
  tag?: string;
  q?: string;
  cursor?: string;
  limit: number;
}

/** A page of records. */
export interface RecordPage {
  items: RecordView[];
  nextCursor: string | null;
}

/** What reading needs. */
export interface ReadDeps {
  database: Database;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  grants: { active(userId: string, purpose: Purpose, now: number): Promise<Grant[]> };
}

const scopeReader = (a: RegistryActor) => a.system === true || a.roles.some((r) => (SCOPE_READERS as readonly string[]).includes(r));

/** Creates the read use-cases. */
export function createReadService(deps: ReadDeps) {
  const { db } = deps.database;

  /** The reader's active grants for the purpose (none without a purpose). */
  async function grantsFor(actor: RegistryActor, p: ReadPurpose, now: number): Promise<Grant[]> {
    return p.purpose === undefined || actor.system ? [] : deps.grants.active(actor.userId, p.purpose, now);
  }

  function covering(grants: readonly Grant[], r: RegistryRecord, actor: RegistryActor, p: ReadPurpose, now: number): Grant | undefined {
    if (p.purpose === undefined) return undefined;
    const q = {
      userId: actor.userId,
      purpose: p.purpose,
      subjectKind: r.kind,
      subjectId: r.id,
      path: r.jurisdictionPath,
      caseId: p.caseId ?? null,
    };
    return grants.find((g) => grantCovers(g, q, now));
  }

  function readEntry(actor: RegistryActor, view: RecordView, p: ReadPurpose, list: boolean): AuditInput {
    return {
      actor: auditActor(actor),
      action: 'registry.read',
      subject: { kind: view.kind, id: view.id, path: view.jurisdictionPath },
      purpose: p.purpose ?? null,
      grantId: view.grantId,
      detail: { masked: view.masked.length > 0, maskedFields: view.masked, list, ...(p.caseId ? { caseId: p.caseId } : {}) },
    };
  }

  async function get(kind: RecordKind, id: string, actor: RegistryActor, p: ReadPurpose): Promise<RecordView> {
    const now = deps.clock.now();
    const row = await store.getRecord(db, id);
    const inScope = row !== undefined && row.kind === kind && row.jurisdiction_path.startsWith(actor.scopePath);
    const record = inScope ? recordFromRow(row, deps.cipher) : undefined;
    const grant = record ? covering(await grantsFor(actor, p, now), record, actor, p, now) : undefined;
    if (!record || (!scopeReader(actor) && !grant)) {
      // Refused reads are audited too: probing for ids is what an auditor wants to see.
      await deps.audit.record({
        actor: auditActor(actor),
        action: 'registry.read',
        subject: { kind, id, path: null },
        purpose: p.purpose ?? null,
        outcome: 'denied',
        detail: { reason: 'not_found_or_out_of_scope' },
      });
      throw notFound(`${kind} record`, 'RECORD_NOT_FOUND');
    }
    const view = presentRecord(record, grant ? 'all' : 'none', grant?.id ?? null);
    await deps.audit.record(readEntry(actor, view, p, false));
    return view;
  }

  async function list(kind: RecordKind, actor: RegistryActor, query: ListQuery): Promise<RecordPage> {
    const now = deps.clock.now();
    const scopePath = query.scopePath ?? actor.scopePath;
    if (!scopePath.startsWith(actor.scopePath)) throw invalid('query.jurisdiction', 'outside your jurisdiction');
    const grants = (await grantsFor(actor, query, now)).filter((g) => g.scope.subjectKind === kind);
    const grantOnly = !scopeReader(actor);
    if (grantOnly && grants.length === 0) return { items: [], nextCursor: null };
    const filter: store.RecordFilter = {
      kind,
      scopePath,
      limit: query.limit + 1,
      ...(query.communityId !== undefined ? { communityId: query.communityId } : {}),
      ...(query.tag !== undefined ? { tag: query.tag } : {}),
      ...(query.q !== undefined ? { q: query.q.toLowerCase() } : {}),
    };
    if (grantOnly) narrowToGrants(filter, grants);
    const items: RecordView[] = [];
    let after = query.cursor;
    let exhausted = false;
    let full = false;
    // Grant-only readers skip records no grant covers; a few rounds fill a page without scanning a district.
    for (let round = 0; round < 5 && !exhausted && !full; round++) {
      const rows = await store.listRecords(db, { ...filter, ...(after !== undefined ? { afterId: after } : {}) });
      exhausted = rows.length <= query.limit;
      for (const row of rows) {
        if (items.length === query.limit) {
          full = true;
          break;
        }
        after = row.id;
        const record = recordFromRow(row, deps.cipher);
        const grant = covering(grants, record, actor, query, now);
        if (!grantOnly || grant) items.push(presentRecord(record, grant ? 'all' : 'none', grant?.id ?? null));
      }
    }
    if (items.length > 0) await deps.audit.record(items.map((v) => readEntry(actor, v, query, true)));
    return { items, nextCursor: (full || !exhausted) && after !== undefined ? after : null };
  }

  return { get, list };
}

/** Narrows a grant-only reader's query to what their grants can cover. */
function narrowToGrants(filter: store.RecordFilter, grants: readonly Grant[]): void {
  const ids = grants.flatMap((g) => (g.scope.kind === 'records' ? [...g.scope.ids] : []));
  const paths = grants.flatMap((g) => (g.scope.kind === 'jurisdiction' ? [g.scope.path] : []));
  if (paths.length === 0) filter.ids = ids;
  else if (ids.length === 0) {
    const common = commonPath(paths);
    if (common.startsWith(filter.scopePath)) filter.scopePath = common;
  }
}
