/**
 * `cityops import cases <file>`: imports 12345 hotline work orders (CSV or JSON) as cases, row by
 * row, as the platform itself (the system actor: no scope limit). A broken file imports nothing
 * and fails with the reason; otherwise the good rows are stored, the summary and the first
 * refused rows are printed, and the caller (program.ts) exits 1 if any row was refused. Running
 * the same file again is safe: rows already imported answer `existing`.
 */
import type { Config } from '../config.ts';
import { buildServices } from '../compose.ts';
import { SYSTEM_ACTOR } from '../cases/command-service.ts';
import { CHINESE_COLUMNS, columnOf } from '../cases/work-order-model.ts';
import { importWorkOrders, parseWorkOrderFile, type WorkOrderImportReport } from '../cases/work-order-import.ts';
import { progressBar } from './progress.ts';
import { readImportFile, rejectionLines, type ImportFormat } from './import-file.ts';

/** Largest file accepted, bytes: 100,000 work orders of a few hundred bytes fit well within it. */
export const MAX_CASES_FILE_BYTES = 256 * 1024 * 1024;

/** `lat (纬度)` for a column, the field as is otherwise (`location`, `row`). */
function describeField(field: string): string {
  const column = columnOf(field);
  return column ? `${column} (${CHINESE_COLUMNS[column]})` : field;
}

/** The lines printed for a report: a summary, then the first refused rows. */
export function reportLines(file: string, r: WorkOrderImportReport): string[] {
  return [
    `${file}: ${r.total} work orders — ${r.accepted} imported as new cases, ${r.existing} already imported, ${r.rejectedRows} refused`,
    ...rejectionLines(r, describeField),
  ];
}

/**
 * Imports the file and prints the report; throws an Error naming the file when it cannot be read
 * or is broken (nothing is imported then).
 */
export async function importCasesCommand(
  config: Config,
  file: string,
  options: { format?: ImportFormat },
  print: (line: string) => void = console.log,
): Promise<WorkOrderImportReport> {
  const rows = readImportFile(file, options.format, MAX_CASES_FILE_BYTES, parseWorkOrderFile);
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
