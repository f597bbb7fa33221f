/**
 * Reading a department's feed: CSV with a header row (a BOM allowed; English field names or the
 * Chinese labels of classification.ts and a few usual synonyms) or JSON (an array of objects, or
 * `{"records": [...]}`). Only the file's structure is checked here; a broken file is one 400 and
 * nothing is imported, a file with too many rows one 413. Rows are checked one by one later.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../platform/errors.ts';
import { CLASSIFICATION, type RecordKind } from './classification.ts';

/** Most rows in one import (the body limit of the route keeps the bytes in check as well). */
export const MAX_IMPORT_ROWS = 50_000;

/** One refused row's problem; rows count data rows from 0. */
export interface RowProblem {
  row: number;
  field: string;
  message: string;
}

/** Import columns by kind: field name → accepted header names besides the field name itself. */
export const IMPORT_COLUMNS: Record<RecordKind, Record<string, readonly string[]>> = {
  person: {
    community: ['居委会', '社区', '居村委'],
    building: [],
    name: [],
    idNumber: ['身份证号', '身份证号码'],
    phone: ['手机号', '电话'],
    householdAddress: ['户籍地'],
    address: ['现住址'],
    tags: [],
    emergencyContactName: [],
    emergencyContactPhone: [],
  },
  entity: {
    community: ['居委会', '社区'],
    building: [],
    name: ['企业名称', '单位名称'],
    creditCode: ['信用代码'],
    legalRepresentative: ['法人代表', '法人'],
    address: ['地址', '注册地址'],
    industry: ['行业类别'],
    licences: ['许可证号'],
    tags: [],
  },
  housing: {
    community: ['居委会', '社区'],
    building: ['楼号'],
    unit: [],
    room: ['房号', '门牌号'],
    use: ['房屋用途'],
    ownerName: ['房主', '产权人姓名'],
    residentIdNumbers: ['居住人身份证号', '居住人员身份证号'],
    tags: [],
  },
};

/** Columns a file must have. */
export const REQUIRED_COLUMNS: Record<RecordKind, readonly string[]> = {
  person: ['community', 'name', 'idNumber'],
  entity: ['community', 'name', 'creditCode'],
  housing: ['community', 'building', 'room'],
};

/** The field a header names, or undefined: field name, classification label, or synonym. */
export function columnOf(kind: RecordKind, header: string): string | undefined {
  const h = header.trim();
  const specs: Record<string, { zh: string }> = CLASSIFICATION[kind];
  for (const [field, aliases] of Object.entries(IMPORT_COLUMNS[kind])) {
    if (h === field || h.toLowerCase() === field.toLowerCase() || aliases.includes(h) || specs[field]?.zh === h) return field;
  }
  if (kind === 'housing' && h === CLASSIFICATION.housing.residentIds.zh) return 'residentIdNumbers';
  return undefined;
}

function brokenFile(code: string, message: string, field = 'body'): AppError {
  return new AppError(400, code, `body: ${message}`, [{ field, message }]);
}

function tooMany(n: number): AppError {
  return new AppError(413, 'TOO_MANY_ROWS', `at most ${MAX_IMPORT_ROWS} records per import, got ${n}; split the file`, [
    { field: 'body', message: 'too many rows' },
  ]);
}

/**
 * Parses CSV text into rows keyed by field name.
 * @example parseRegistryCsv('person', '居委会,姓名,身份证号\n310101002001,张三,11010519491231002X\n')
 */
export function parseRegistryCsv(kind: RecordKind, text: string): Array<Record<string, string>> {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (e) {
    throw brokenFile('INVALID_CSV', `not valid CSV (${e instanceof Error ? e.message : String(e)})`);
  }
  const [header, ...data] = records;
  if (!header) throw brokenFile('INVALID_CSV', 'the CSV has no header row');
  const columns = header.map((name) => {
    const column = columnOf(kind, name);
    if (!column)
      throw brokenFile(
        'UNKNOWN_COLUMN',
        `unknown column "${name}"; columns are ${Object.keys(IMPORT_COLUMNS[kind]).join(', ')}`,
        `header.${name}`,
      );
    return column;
  });
  columns.forEach((column, i) => {
    if (columns.indexOf(column) !== i)
      throw brokenFile('DUPLICATE_COLUMN', `column ${column} appears twice`, `header.${header[i] ?? column}`);
  });
  for (const column of REQUIRED_COLUMNS[kind])
    if (!columns.includes(column)) throw brokenFile('MISSING_COLUMN', `missing column "${column}"`, `header.${column}`);
  if (data.length > MAX_IMPORT_ROWS) throw tooMany(data.length);
  return data.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
}

/** Takes a parsed JSON import: an array of records or `{"records": [...]}`. */
export function parseRegistryJson(body: unknown): unknown[] {
  const rows: unknown = Array.isArray(body) ? body : (body as { records?: unknown } | null)?.records;
  if (!Array.isArray(rows)) throw brokenFile('VALIDATION_FAILED', 'expected an array of records or {"records": [...]}');
  if (rows.length > MAX_IMPORT_ROWS) throw tooMany(rows.length);
  return rows as unknown[];
}

/** Parses an import file of either format from text (for the CLI). */
export function parseRegistryFile(kind: RecordKind, text: string, format: 'csv' | 'json'): unknown[] {
  if (format === 'csv') return parseRegistryCsv(kind, text);
  let body: unknown;
  try {
    body = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw brokenFile('INVALID_JSON', `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseRegistryJson(body);
}
