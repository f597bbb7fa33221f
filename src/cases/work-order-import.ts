/**
 * Bulk import of 12345 hotline work orders into cases. Reading the file — CSV with a header row
 * (a BOM allowed, English or Chinese headers), or JSON (an array of objects, or
 * `{"workOrders": [...]}`) — checks only its structure and answers a broken file with one 400
 * naming what is wrong. `importWorkOrders` then takes the rows one by one: each good row becomes
 * a case in its own transaction (so a refused row leaves nothing behind), each bad row is
 * answered with its reasons, and the import goes on. Re-importing a file is idempotent: a row
 * whose work-order number is already a case answers that case as `existing`.
 * Used by `POST /api/v1/cases/import` and by `cityops import cases`.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../platform/errors.ts';
import type { Crs } from '../geo/crs.ts';
import type { Actor, CaseState } from './case-types.ts';
import type { IntakeResult } from './intake-service.ts';
import type { ReportInput } from './report-model.ts';
import {
  checkWorkOrder,
  columnOf,
  toReportInput,
  CHINESE_COLUMNS,
  REQUIRED_COLUMNS,
  WORK_ORDER_COLUMNS,
  type RowProblem,
} from './work-order-model.ts';

/** Most rows in one import. */
export const MAX_WORK_ORDERS = 100_000;

/** An import file's format. */
export type WorkOrderFormat = 'csv' | 'json';

/** A row that is a case now (new or found again). */
export interface ImportedCase {
  row: number;
  caseId: string;
  code: string;
  state: CaseState;
  /** True when the work order was imported before and its case was found instead. */
  existing: boolean;
}

/** What an import did, row by row. `accepted + existing + rejectedRows = total`. */
export interface WorkOrderImportReport {
  total: number;
  /** Rows filed as new cases. */
  accepted: number;
  /** Rows whose work order already was a case. */
  existing: number;
  /** Rows refused (each may have several problems in `rejected`). */
  rejectedRows: number;
  rejected: RowProblem[];
  cases: ImportedCase[];
}

/** What the import needs of the cases service. */
export interface WorkOrderIntake {
  report(input: ReportInput, actor: Actor): Promise<IntakeResult>;
  /** The jurisdiction path of a place; throws a 400 AppError outside the city. */
  placeOf(location: { lon: number; lat: number; crs?: Crs }): string;
}

function brokenFile(code: string, message: string, field = 'body'): AppError {
  return new AppError(400, code, `body: ${message}`, [{ field, message }]);
}

function tooMany(n: number): AppError {
  return new AppError(413, 'TOO_MANY_ROWS', `at most ${MAX_WORK_ORDERS} work orders per import, got ${n}`, [
    { field: 'body', message: 'too many rows' },
  ]);
}

/**
 * Parses CSV text with a header row into rows keyed by column (English names).
 * @example parseWorkOrderCsv('工单编号,类别,诉求内容,经度,纬度\nSH-1,E0102,垃圾,121.48,31.23\n')
 */
export function parseWorkOrderCsv(text: string): Array<Record<string, string>> {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (e) {
    throw brokenFile('INVALID_CSV', `not valid CSV (${e instanceof Error ? e.message : String(e)})`);
  }
  const [header, ...data] = records;
  if (!header) throw brokenFile('INVALID_CSV', 'the CSV has no header row');
  const columns = header.map((name) => {
    const column = columnOf(name);
    if (!column)
      throw brokenFile(
        'UNKNOWN_COLUMN',
        `unknown column "${name}"; columns are ${WORK_ORDER_COLUMNS.join(', ')} or ${Object.values(CHINESE_COLUMNS).join('、')}`,
        `header.${name}`,
      );
    return column;
  });
  columns.forEach((column, i) => {
    if (columns.indexOf(column) !== i)
      throw brokenFile('DUPLICATE_COLUMN', `column ${column} (${CHINESE_COLUMNS[column]}) appears twice`, `header.${header[i] ?? column}`);
  });
  for (const column of REQUIRED_COLUMNS)
    if (!columns.includes(column))
      throw brokenFile('MISSING_COLUMN', `missing column "${column}" (${CHINESE_COLUMNS[column]})`, `header.${column}`);
  if (data.length > MAX_WORK_ORDERS) throw tooMany(data.length);
  return data.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
}

/**
 * Takes a parsed JSON import: an array of work orders or `{"workOrders": [...]}`.
 * @example parseWorkOrderJson({ workOrders: [{ ref: 'SH-1', category: 'E0102', description: '垃圾', lon: 121.48, lat: 31.23 }] })
 */
export function parseWorkOrderJson(body: unknown): unknown[] {
  const rows: unknown = Array.isArray(body) ? body : (body as { workOrders?: unknown } | null)?.workOrders;
  if (!Array.isArray(rows)) throw brokenFile('VALIDATION_FAILED', 'expected an array of work orders or {"workOrders": [...]}');
  if (rows.length > MAX_WORK_ORDERS) throw tooMany(rows.length);
  return rows as unknown[];
}

/**
 * Parses an import file of either format from text (for the CLI).
 * @example parseWorkOrderFile(fs.readFileSync(file, 'utf8'), 'csv')
 */
export function parseWorkOrderFile(text: string, format: WorkOrderFormat): unknown[] {
  if (format === 'csv') return parseWorkOrderCsv(text);
  let body: unknown;
  try {
    // A BOM is legal in front of a JSON file saved by Windows tools; JSON.parse refuses it.
    body = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw brokenFile('INVALID_JSON', `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseWorkOrderJson(body);
}

/** A field named by the service (`body.location`) as the import names it (`location`). */
const fieldName = (field: string): string => field.replace(/^body\./, '');

/** Problems of a row the service refused; an AppError without fields names the whole row. */
function refused(row: number, e: AppError): RowProblem[] {
  if (e.fields.length === 0) return [{ row, field: 'row', message: e.message }];
  return e.fields.map((f) => ({ row, field: fieldName(f.field), message: f.message }));
}

/**
 * Imports checked rows one by one as `actor`. Rows placed outside the actor's scope are refused
 * (`location`), as is a work-order number repeated within the file once it is a case (`ref`).
 * Refusals by intake (an AppError below 500: unknown place, no centre…) refuse the row and the
 * import goes on. Anything else stops the import: the rows before it are stored, and running
 * the same file again finishes it, since stored rows answer `existing`.
 *
 * @example const report = await importWorkOrders(services.cases, parseWorkOrderFile(text, 'csv'), SYSTEM_ACTOR);
 */
export async function importWorkOrders(
  cases: WorkOrderIntake,
  rows: readonly unknown[],
  actor: Actor,
  onProgress?: (done: number, total: number) => void,
): Promise<WorkOrderImportReport> {
  const report: WorkOrderImportReport = { total: rows.length, accepted: 0, existing: 0, rejectedRows: 0, rejected: [], cases: [] };
  const imported = new Map<string, number>();
  const reject = (problems: RowProblem[]) => {
    report.rejectedRows++;
    report.rejected.push(...problems);
  };
  for (const [row, raw] of rows.entries()) {
    await importRow(row, raw);
    onProgress?.(row + 1, rows.length);
  }
  return report;

  async function importRow(row: number, raw: unknown): Promise<void> {
    const checked = checkWorkOrder(raw, row);
    if (!checked.ok) return reject(checked.problems);
    const order = checked.order;
    const first = imported.get(order.ref);
    if (first !== undefined) return reject([{ row, field: 'ref', message: `repeated in this file (row ${first})` }]);
    const input = toReportInput(order);
    let result: IntakeResult;
    try {
      const place = cases.placeOf(input.location);
      if (!actor.system && !place.startsWith(actor.scopePath))
        return reject([{ row, field: 'location', message: 'outside your jurisdiction: not imported' }]);
      result = await reportWithRetry(input);
    } catch (e) {
      if (e instanceof AppError && e.status < 500) return reject(refused(row, e));
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(`row ${row}: ${message}; the import stopped there — rows before it are stored, import the file again to finish`, {
        cause: e,
      });
    }
    // The same number imported by someone else for a place outside this caller's scope: the
    // case is not theirs to see, and filing a second one would break idempotency.
    if (result.existing && !actor.system && !result.case.jurisdictionPath.startsWith(actor.scopePath))
      return reject([{ row, field: 'ref', message: 'this work-order number is already a case outside your jurisdiction' }]);
    imported.set(order.ref, row);
    if (result.existing) report.existing++;
    else report.accepted++;
    const c = result.case;
    report.cases.push({ row, caseId: c.id, code: c.code, state: c.state, existing: result.existing });
  }

  /**
   * Reports, retrying once on an unexpected error: two imports of the same file racing for one
   * work order lose on the unique source ref, and the retry then finds the winner's case. Each
   * attempt is its own transaction, so a retry cannot file the row twice.
   */
  async function reportWithRetry(input: ReportInput): Promise<IntakeResult> {
    try {
      return await cases.report(input, actor);
    } catch (e) {
      if (e instanceof AppError) throw e;
      return cases.report(input, actor);
    }
  }
}
