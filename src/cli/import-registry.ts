/**
 * `cityops import registry <kind> <file>`: imports a department's feed of people, legal entities
 * or housing (CSV or JSON) into the base-data registry, row by row, as the platform itself (the
 * whole city; audited as `cityops import`). A broken file imports nothing and fails with the
 * reason; otherwise the good rows are stored (new or updated by natural key), the summary and
 * the first refused rows are printed — never a row's personal data — and the caller
 * (program.ts) exits 1 if any row was refused.
 */
import fs from 'node:fs';
import type { Config } from '../config.ts';
import { buildServices } from '../compose.ts';
import { AppError } from '../platform/errors.ts';
import { CLI_ACTOR } from '../registry/actor.ts';
import type { RecordKind } from '../registry/classification.ts';
import { parseRegistryFile } from '../registry/import-file.ts';
import type { RegistryImportReport } from '../registry/import-service.ts';
import { formatFromExtension, PRINTED_REJECTIONS } from './import-cases.ts';
import { progressBar } from './progress.ts';

/** Largest file accepted, bytes (50,000 rows of a few hundred bytes fit well within it). */
export const MAX_REGISTRY_FILE_BYTES = 64 * 1024 * 1024;

/** The lines printed for a report: a summary, then the first refused rows. */
export function registryReportLines(file: string, r: RegistryImportReport): string[] {
  const lines = [`${file}: ${r.total} ${r.kind} records — ${r.accepted} new, ${r.updated} updated, ${r.rejectedRows} refused`];
  for (const p of r.rejected.slice(0, PRINTED_REJECTIONS)) lines.push(`  row ${p.row}: ${p.field}: ${p.message}`);
  if (r.rejected.length > PRINTED_REJECTIONS) lines.push(`  … and ${r.rejected.length - PRINTED_REJECTIONS} more problems`);
  if (r.rejectedRows > 0) lines.push('  (rows count data rows from 0; in a CSV, row n is on line n + 2)');
  return lines;
}

/** Imports the file and prints the report; throws an Error naming the file when it cannot be read or is broken. */
export async function importRegistryCommand(
  config: Config,
  kind: RecordKind,
  file: string,
  options: { format?: 'csv' | 'json' },
  print: (line: string) => void = console.log,
): Promise<RegistryImportReport> {
  const format = options.format ?? formatFromExtension(file);
  if (!format) throw new Error(`${file}: cannot tell the format from the extension; give --format csv or --format json`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new Error(`${file}: no such file`);
  }
  if (!stat.isFile()) throw new Error(`${file}: not a file`);
  if (stat.size > MAX_REGISTRY_FILE_BYTES) throw new Error(`${file}: larger than ${MAX_REGISTRY_FILE_BYTES} bytes; split it`);
  let rows: unknown[];
  try {
    rows = parseRegistryFile(kind, fs.readFileSync(file, 'utf8'), format);
  } catch (e) {
    if (e instanceof AppError) throw new Error(`${file}: nothing imported; ${e.message.replace(/^body: /, '')}`);
    throw e;
  }
  const services = await buildServices(config);
  const bar = progressBar(`importing ${kind} records`);
  let report: RegistryImportReport;
  try {
    report = await services.registry.import(kind, rows, CLI_ACTOR, (d, t) => bar.update(d, t));
  } finally {
    bar.stop();
    await services.close();
  }
  for (const line of registryReportLines(file, report)) print(line);
  return report;
}
