/**
 * `cityops import cases <file>`: imports 12345 hotline work orders (CSV or JSON) as cases, row by
 * row, as the platform itself (the system actor: no scope limit). A broken file imports nothing
 * and fails with the reason; otherwise the good rows are stored, the summary and the first
 * refused rows are printed, and the caller (program.ts) exits 1 if any row was refused. Running
 * the same file again is safe: rows already imported answer `existing`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { buildServices } from '../compose.ts';
import { AppError } from '../platform/errors.ts';
import { SYSTEM_ACTOR } from '../cases/command-service.ts';
import { CHINESE_COLUMNS, columnOf } from '../cases/work-order-model.ts';
import { importWorkOrders, parseWorkOrderFile, type WorkOrderFormat, type WorkOrderImportReport } from '../cases/work-order-import.ts';
import { progressBar } from './progress.ts';

/** Largest file accepted, bytes: 100,000 work orders of a few hundred bytes fit well within it. */
export const MAX_CASES_FILE_BYTES = 256 * 1024 * 1024;

/** Refused rows printed; the rest are counted. */
export const PRINTED_REJECTIONS = 20;

/**
 * The format of a file from its extension, or undefined.
 * @example formatFromExtension('orders.CSV'); // 'csv'
 */
export function formatFromExtension(file: string): WorkOrderFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : undefined;
}

/** `lat (纬度)` for a column, the field as is otherwise (`location`, `row`). */
function describeField(field: string): string {
  const column = columnOf(field);
  return column ? `${column} (${CHINESE_COLUMNS[column]})` : field;
}

/** The lines printed for a report: a summary, then the first refused rows. */
export function reportLines(file: string, r: WorkOrderImportReport): string[] {
  const lines = [
    `${file}: ${r.total} work orders — ${r.accepted} imported as new cases, ${r.existing} already imported, ${r.rejectedRows} refused`,
  ];
  for (const p of r.rejected.slice(0, PRINTED_REJECTIONS)) lines.push(`  row ${p.row}: ${describeField(p.field)}: ${p.message}`);
  if (r.rejected.length > PRINTED_REJECTIONS) lines.push(`  … and ${r.rejected.length - PRINTED_REJECTIONS} more problems`);
  if (r.rejectedRows > 0) lines.push('  (rows count data rows from 0; in a CSV, row n is on line n + 2)');
  return lines;
}

/**
 * Imports the file and prints the report; throws an Error naming the file when it cannot be read
 * or is broken (nothing is imported then).
 */
export async function importCasesCommand(
  config: Config,
  file: string,
  options: { format?: WorkOrderFormat },
  print: (line: string) => void = console.log,
): Promise<WorkOrderImportReport> {
  const format = options.format ?? formatFromExtension(file);
  if (!format) throw new Error(`${file}: cannot tell the format from the extension; give --format csv or --format json`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new Error(`${file}: no such file`);
  }
  if (!stat.isFile()) throw new Error(`${file}: not a file`);
  if (stat.size > MAX_CASES_FILE_BYTES) throw new Error(`${file}: larger than ${MAX_CASES_FILE_BYTES} bytes`);
  let rows: unknown[];
  try {
    rows = parseWorkOrderFile(fs.readFileSync(file, 'utf8'), format);
  } catch (e) {
    // The file's problems are phrased for an HTTP body; say "the file" here.
    if (e instanceof AppError) throw new Error(`${file}: nothing imported; ${e.message.replace(/^body: /, '')}`);
    throw e;
  }
  const services = await buildServices(config);
  const bar = progressBar('importing work orders');
  let report: WorkOrderImportReport;
  try {
    report = await importWorkOrders(services.cases, rows, SYSTEM_ACTOR, (d, t) => bar.update(d, t));
  } finally {
    bar.stop();
    await services.close();
  }
  for (const line of reportLines(file, report)) print(line);
  return report;
}
