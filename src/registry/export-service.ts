/**
 * Bulk export of a kind of record inside a jurisdiction, as CSV or XLSX. Masked unless the
 * caller holds an active `bulk_export` grant covering the whole exported scope (a grant over
 * listed records does not cover a bulk export); core fields stay masked even then. One audit
 * entry names the scope, the count, the grant and whether the file was masked, stored before
 * the file leaves.
 */
import type { AuditRecorder } from '../audit/model.ts';
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../platform/db/create-db.ts';
import { AppError, invalid } from '../platform/errors.ts';
import { auditActor, type RegistryActor } from './actor.ts';
import type { RecordKind } from './classification.ts';
import type { FieldCipher } from './field-cipher.ts';
import type { GrantChecker } from './grant-model.ts';
import { recordFromRow } from './record-codec.ts';
import { presentRecord } from './record-view.ts';
import { registryCsv, registryXlsx, type ExportFormat, type ExportRow } from './export-model.ts';
import * as store from './store.ts';

/** Most records in one export: narrow the scope for more. */
export const MAX_EXPORT_ROWS = 100_000;

/** What an export selects. */
export interface ExportQuery {
  scopePath?: string;
  communityId?: string;
  tag?: string;
}

/** An export file. */
export interface ExportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
  count: number;
  masked: boolean;
  grantId: string | null;
}

/** What exporting needs. */
export interface ExportDeps {
  database: Database;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  grants: GrantChecker;
  communityName(id: string): string;
}

const PAGE = 1000;

/** Creates the export use-case. */
export function createExportService(deps: ExportDeps) {
  const { db } = deps.database;
  return {
    run: async (kind: RecordKind, actor: RegistryActor, query: ExportQuery, format: ExportFormat): Promise<ExportFile> => {
      const now = deps.clock.now();
      const scopePath = query.scopePath ?? actor.scopePath;
      if (!scopePath.startsWith(actor.scopePath)) throw invalid('query.jurisdiction', 'outside your jurisdiction');
      const grant = actor.system
        ? null
        : await deps.grants.find(
            { userId: actor.userId, purpose: 'bulk_export', subjectKind: kind, subjectId: null, path: scopePath },
            now,
          );
      const rows: ExportRow[] = [];
      let afterId: string | undefined;
      for (;;) {
        const page = await store.listRecords(db, {
          kind,
          scopePath,
          limit: PAGE,
          ...(query.communityId !== undefined ? { communityId: query.communityId } : {}),
          ...(query.tag !== undefined ? { tag: query.tag } : {}),
          ...(afterId !== undefined ? { afterId } : {}),
        });
        for (const row of page) {
          const view = presentRecord(recordFromRow(row, deps.cipher), grant ? 'sensitive' : 'none', grant?.id ?? null);
          rows.push({ view, communityName: deps.communityName(view.communityId) });
        }
        if (rows.length > MAX_EXPORT_ROWS)
          throw new AppError(413, 'EXPORT_TOO_LARGE', `at most ${MAX_EXPORT_ROWS} records per export; choose a smaller jurisdiction`);
        if (page.length < PAGE) break;
        afterId = page[page.length - 1]!.id;
      }
      const masked = rows.some((r) => r.view.masked.length > 0);
      const body = format === 'csv' ? registryCsv(kind, rows) : await registryXlsx(kind, rows, now);
      await deps.audit.record({
        actor: auditActor(actor),
        action: 'registry.export',
        subject: { kind, id: null, path: scopePath },
        purpose: grant ? 'bulk_export' : null,
        grantId: grant?.id ?? null,
        detail: { count: rows.length, masked, format },
      });
      return {
        body,
        contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName: `registry-${kind}-${new Date(now).toISOString().slice(0, 10)}.${format}`,
        count: rows.length,
        masked,
        grantId: grant?.id ?? null,
      };
    },
  };
}
