/**
 * Reading a device import file — CSV with a header row, or JSON (an array of objects, or
 * `{"devices": [...]}`) — into plain rows for `importDevices`. Only the file's structure is
 * checked here (a broken CSV, an unknown column); each row is checked by the import itself,
 * which reports row by row. Used by `POST /api/v1/devices/import` and by the CLI.
 *
 * CSV columns: id, type, lon, lat (required); crs, name, ownerUnit, tags (separated by `|` or
 * `;`), householdRef, offlineAfterS, secret (optional). Row `[i]` of the report is the i-th
 * data row, counted from 0 (file line i + 2).
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../platform/errors.ts';

/** The columns an import may have. */
export const IMPORT_COLUMNS = [
  'id',
  'type',
  'name',
  'lon',
  'lat',
  'crs',
  'ownerUnit',
  'tags',
  'householdRef',
  'offlineAfterS',
  'secret',
] as const;
const REQUIRED = ['id', 'type', 'lon', 'lat'];

/** Most rows in one import. */
export const MAX_IMPORT_ROWS = 100_000;

/** An import file's format. */
export type ImportFormat = 'csv' | 'json';

function tooMany(n: number): AppError {
  return new AppError(413, 'TOO_MANY_ROWS', `at most ${MAX_IMPORT_ROWS} devices per import, got ${n}`, [
    { field: 'body', message: 'too many rows' },
  ]);
}

/**
 * Parses CSV text with a header row into rows.
 * @example parseDeviceCsv('id,type,lon,lat\nwl-1,water_level_gauge,121.48,31.23\n')
 */
export function parseDeviceCsv(text: string): Array<Record<string, string>> {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new AppError(400, 'INVALID_CSV', `body: not valid CSV (${message})`, [{ field: 'body', message: 'not valid CSV' }]);
  }
  const [header, ...data] = records;
  if (!header) throw new AppError(400, 'INVALID_CSV', 'body: the CSV has no header row', [{ field: 'body', message: 'no header row' }]);
  for (const column of header) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(column))
      throw new AppError(400, 'UNKNOWN_COLUMN', `body: unknown column "${column}"; columns are ${IMPORT_COLUMNS.join(', ')}`, [
        { field: `header.${column}`, message: 'unknown column' },
      ]);
  }
  for (const column of REQUIRED) {
    if (!header.includes(column))
      throw new AppError(400, 'MISSING_COLUMN', `body: missing column "${column}"`, [{ field: `header.${column}`, message: 'missing' }]);
  }
  if (data.length > MAX_IMPORT_ROWS) throw tooMany(data.length);
  return data.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

/**
 * Takes a parsed JSON import: an array of device objects or `{"devices": [...]}`.
 * @example parseDeviceJson([{ id: 'wl-1', type: 'water_level_gauge', lon: 121.48, lat: 31.23 }])
 */
export function parseDeviceJson(body: unknown): unknown[] {
  const rows = Array.isArray(body) ? body : (body as { devices?: unknown } | null)?.devices;
  if (!Array.isArray(rows))
    throw new AppError(400, 'VALIDATION_FAILED', 'body: expected an array of devices or {"devices": [...]}', [
      { field: 'body', message: 'expected an array' },
    ]);
  if (rows.length > MAX_IMPORT_ROWS) throw tooMany(rows.length);
  return rows as unknown[];
}

/**
 * Parses an import file of either format from text (for the CLI).
 * @example await sensing.importDevices(parseDeviceFile(fs.readFileSync(f, 'utf8'), 'csv'), '/', 'rows')
 */
export function parseDeviceFile(text: string, format: ImportFormat): unknown[] {
  if (format === 'csv') return parseDeviceCsv(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new AppError(400, 'INVALID_JSON', `body: not valid JSON (${e instanceof Error ? e.message : String(e)})`, [
      { field: 'body', message: 'not valid JSON' },
    ]);
  }
  return parseDeviceJson(body);
}
