/**
 * Registry exports as CSV (UTF-8 with BOM, CRLF, RFC 4180 quoting, so Excel on a Chinese
 * Windows reads it) and XLSX. Every text cell is neutralized against formula injection: a cell
 * beginning with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula in a
 * spreadsheet (`=cmd|' /C calc'!A0`), so it gets a leading apostrophe, which Excel hides. The
 * XLSX writer stores strings as strings, and neutralizes them all the same: a user who re-saves
 * the file as CSV must not arm it. Pure apart from the XLSX writer's promise.
 */
import ExcelJS from 'exceljs';
import { CLASSIFICATION, type RecordKind } from './classification.ts';
import type { RecordView } from './record-view.ts';

/** Export formats. */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
/** One export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A record with its community's display name. */
export interface ExportRow {
  view: RecordView;
  communityName: string;
}

/**
 * Makes text safe to open in a spreadsheet.
 * @example neutralizeCell('=1+1'); // "'=1+1"
 */
export function neutralizeCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Field columns of a kind in classification order, without the structural ones. */
function fieldColumns(kind: RecordKind): string[] {
  return Object.keys(CLASSIFICATION[kind]).filter((f) => f !== 'community' && f !== 'building' && f !== 'tags');
}

/** Header cells, "中文 / English". */
export function exportHeaders(kind: RecordKind): string[] {
  const specs: Record<string, { zh: string; en: string }> = CLASSIFICATION[kind];
  const label = (f: string) => `${specs[f]!.zh} / ${specs[f]!.en}`;
  return ['编号 / Id', label('community'), label('building'), ...fieldColumns(kind).map(label), label('tags')];
}

/** The cells of one record, neutralized. */
export function exportCells(kind: RecordKind, r: ExportRow): string[] {
  const v = r.view;
  const cells = [v.id, r.communityName, v.building ?? ''];
  for (const f of fieldColumns(kind)) {
    const value = v.fields[f] ?? null;
    cells.push(value === null ? '' : typeof value === 'string' ? value : value.join(';'));
  }
  cells.push(v.tags.join(';'));
  return cells.map(neutralizeCell);
}

/** The records as CSV bytes. */
export function registryCsv(kind: RecordKind, rows: readonly ExportRow[]): Buffer {
  const lines = [exportHeaders(kind), ...rows.map((r) => exportCells(kind, r))].map((cells) => cells.map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The records as an XLSX workbook with a frozen header row. */
export async function registryXlsx(kind: RecordKind, rows: readonly ExportRow[], generatedAt: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'cityops';
  wb.created = new Date(generatedAt);
  const ws = wb.addWorksheet(kind, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = exportHeaders(kind).map((h) => ({ header: h, width: Math.max(12, Math.ceil(h.length * 0.9)) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(exportCells(kind, r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
