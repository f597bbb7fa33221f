/**
 * CSV for open data downloads: RFC 4180 (CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled), UTF-8 with a BOM so Excel on a Chinese Windows does not read
 * it as GBK, and every text cell neutralised against formula injection with the registry
 * export's rule (a cell starting `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe).
 * Numbers are written by the caller as plain decimal text, so a negative number is never a
 * concern here; null is an empty cell. Pure.
 */
import { neutralizeCell } from '../../registry/export-model.ts';

/** One cell: text (neutralised), a number, or empty. */
export type CsvCell = string | number | null;

function field(cell: CsvCell): string {
  if (cell === null) return '';
  const s = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : neutralizeCell(cell);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The rows as CSV bytes (the first row is normally the header).
 * @example csvBytes([['名称 / Name'], ['=cmd']]).toString('utf8') // '\uFEFF名称 / Name\r\n\'=cmd\r\n'
 */
export function csvBytes(rows: readonly (readonly CsvCell[])[]): Buffer {
  const text = rows.map((r) => r.map(field).join(',')).join('\r\n');
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
}

/** A share in [0, 1] as a percentage with two decimals (`0.8333` → 83.33), null kept. */
export function percent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 10_000) / 100;
}
