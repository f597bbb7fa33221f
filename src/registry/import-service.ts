/**
 * Importing a department's feed row by row. Each row is checked (schema, check characters,
 * community, scope), then stored in one statement inside its own transaction: a row is stored
 * whole or not at all, a refused row leaves nothing behind and the import goes on. Rows upsert by
 * natural key — the keyed hash of the ID number, the credit code, or building|unit|room — so
 * importing a feed again updates what changed instead of doubling people. One audit entry sums up
 * the import (counts only, no personal data).
 */
import type { z } from 'zod';
import type { AuditRecorder } from '../audit/model.ts';
import type { Clock } from '../platform/clock.ts';
import { isUniqueViolation, type Database } from '../platform/db/create-db.ts';
import { newId } from '../platform/ids.ts';
import { auditActor, type RegistryActor } from './actor.ts';
import type { RecordKind } from './classification.ts';
import type { FieldCipher } from './field-cipher.ts';
import type { RowProblem } from './import-file.ts';
import { recordToRow } from './record-codec.ts';
import { housingKey, type RecordInput } from './record-model.ts';
import { ROW_SCHEMAS, type EntityRowOut, type HousingRowOut, type PersonRowOut } from './record-schemas.ts';
import * as store from './store.ts';
import { lookupKeys } from './natural-keys.ts';

/** A row stored: its record and whether it existed before. */
export interface ImportedRecord {
  row: number;
  id: string;
  updated: boolean;
}

/** What an import did. `accepted + updated + rejectedRows = total`. */
export interface RegistryImportReport {
  kind: RecordKind;
  total: number;
  /** Rows stored as new records. */
  accepted: number;
  /** Rows that updated a record with the same natural key. */
  updated: number;
  /** Rows refused (each may have several problems in `rejected`). */
  rejectedRows: number;
  rejected: RowProblem[];
  records: ImportedRecord[];
}

/** What importing needs. */
export interface ImportDeps {
  database: Database;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  /** A community by code or id: its id and path, or undefined (also for other levels). */
  community(codeOrId: string): { id: string; path: string } | undefined;
}

type Checked = { ok: true; input: RecordInput; residents?: string[] } | { ok: false; problems: RowProblem[] };

/** Creates the import use-case. */
export function createImportService(deps: ImportDeps) {
  const { db } = deps.database;

  function problemsOf(row: number, error: z.ZodError): RowProblem[] {
    return error.issues.map((i) => ({ row, field: i.path.map(String).join('.') || 'row', message: i.message }));
  }

  /** The record input of a valid row of each kind (without resolving residents). */
  function toInput(kind: RecordKind, data: PersonRowOut | EntityRowOut | HousingRowOut, place: { id: string; path: string }): RecordInput {
    const base = { kind, communityId: place.id, jurisdictionPath: place.path, building: data.building ?? null, tags: data.tags };
    if (kind === 'person') {
      const d = data as PersonRowOut;
      const { community: _c, building: _b, tags: _t, ...fields } = d;
      return { ...base, naturalKey: deps.cipher.idHash(d.idNumber), fields: withNulls(fields) };
    }
    if (kind === 'entity') {
      const d = data as EntityRowOut;
      const { community: _c, building: _b, tags: _t, ...fields } = d;
      return { ...base, naturalKey: d.creditCode, fields: withNulls(fields) };
    }
    const d = data as HousingRowOut;
    const { community: _c, building, tags: _t, residentIdNumbers: _r, ...fields } = d;
    return { ...base, naturalKey: housingKey(building, d.unit ?? null, d.room), fields: withNulls({ ...fields, residentIds: [] }) };
  }

  async function check(kind: RecordKind, row: number, raw: unknown, actor: RegistryActor): Promise<Checked> {
    const parsed = ROW_SCHEMAS[kind].safeParse(raw);
    if (!parsed.success) return { ok: false, problems: problemsOf(row, parsed.error) };
    const place = deps.community(parsed.data.community);
    if (!place) return { ok: false, problems: [{ row, field: 'community', message: 'no such community (居村): give its code or id' }] };
    if (!actor.system && !place.path.startsWith(actor.scopePath))
      return { ok: false, problems: [{ row, field: 'community', message: 'outside your jurisdiction: not imported' }] };
    const input = toInput(kind, parsed.data, place);
    if (kind !== 'housing') return { ok: true, input };
    const idNumbers = (parsed.data as HousingRowOut).residentIdNumbers;
    // Each person under any data key's hash (a rotation may not be resealed yet).
    const hashes = idNumbers.map((n) => deps.cipher.idHashes(n));
    const found = await store.idsByNaturalKeys(db, 'person', hashes.flat());
    const people = hashes.map((hs) => hs.map((h) => found.get(h)).find((p) => p !== undefined));
    const problems: RowProblem[] = [];
    people.forEach((p, i) => {
      if (!p || (!actor.system && !p.path.startsWith(actor.scopePath)))
        problems.push({
          row,
          field: `residentIdNumbers.${i}`,
          message: 'no person with this ID number in your jurisdiction; import people first',
        });
    });
    if (problems.length > 0) return { ok: false, problems };
    input.fields.residentIds = [...new Set(people.map((p) => p!.id))];
    return { ok: true, input };
  }

  /** Stores one checked row in its own transaction; retries once if another import inserted the same key meanwhile. */
  async function store1(input: RecordInput, actor: RegistryActor, row: number): Promise<ImportedRecord | RowProblem> {
    const attempt = () =>
      db.transaction().execute(async (trx): Promise<ImportedRecord | RowProblem> => {
        const now = deps.clock.now();
        const existing = await store.findByNaturalKey(trx, input.kind, lookupKeys(input, deps.cipher));
        if (existing && !actor.system && !existing.jurisdiction_path.startsWith(actor.scopePath))
          return { row, field: 'row', message: 'this record is registered outside your jurisdiction: not changed' };
        const meta = { id: existing?.id ?? newId(), createdAt: existing?.created_at ?? now, updatedAt: now, updatedBy: actor.userId };
        const stored = recordToRow(input, meta, deps.cipher);
        if (existing) await store.updateRecord(trx, stored);
        else await store.insertRecord(trx, stored);
        return { row, id: meta.id, updated: existing !== undefined };
      });
    try {
      return await attempt();
    } catch (e) {
      if (isUniqueViolation(e)) return attempt();
      throw e;
    }
  }

  /**
   * Imports checked-structure rows one by one as `actor`.
   * @example await imports.run('person', parseRegistryCsv('person', text), actor);
   */
  async function run(
    kind: RecordKind,
    rows: readonly unknown[],
    actor: RegistryActor,
    onProgress?: (done: number, total: number) => void,
  ): Promise<RegistryImportReport> {
    const report: RegistryImportReport = { kind, total: rows.length, accepted: 0, updated: 0, rejectedRows: 0, rejected: [], records: [] };
    const seen = new Map<string, number>();
    const reject = (problems: RowProblem[]) => {
      report.rejectedRows++;
      report.rejected.push(...problems);
    };
    for (const [row, raw] of rows.entries()) {
      const checked = await check(kind, row, raw, actor);
      if (!checked.ok) reject(checked.problems);
      else if (seen.has(checked.input.naturalKey))
        reject([{ row, field: 'row', message: `the same record as row ${seen.get(checked.input.naturalKey)}` }]);
      else {
        const result = await store1(checked.input, actor, row);
        if ('message' in result) reject([result]);
        else {
          seen.set(checked.input.naturalKey, row);
          report.records.push(result);
          if (result.updated) report.updated++;
          else report.accepted++;
        }
      }
      onProgress?.(row + 1, rows.length);
    }
    await deps.audit.record({
      actor: auditActor(actor),
      action: 'registry.import',
      subject: { kind, id: null, path: actor.scopePath },
      outcome: report.rejectedRows === report.total && report.total > 0 ? 'failed' : 'ok',
      detail: { total: report.total, accepted: report.accepted, updated: report.updated, rejectedRows: report.rejectedRows },
    });
    return report;
  }

  return { run };
}

/** Optional fields absent from a row are stored as null (so an update clears them). */
function withNulls(fields: Record<string, unknown>): RecordInput['fields'] {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, (v as RecordInput['fields'][string] | undefined) ?? null]));
}
