/**
 * `cityops import registry <kind> <file>`: imports a department's feed of people, legal entities
 * or housing (CSV or JSON) into the base-data registry, row by row, as the platform itself (the
 * whole city; audited as `cityops import`). A broken file imports nothing and fails with the
 * reason; otherwise the good rows are stored (new or updated by natural key), the summary and
 * the first refused rows are printed — never a row's personal data — and the caller
 * (program.ts) exits 1 if any row was refused.
 */
import type { Config } from '../config.ts';
import { buildServices } from '../compose.ts';
import { CLI_ACTOR } from '../registry/actor.ts';
import type { RecordKind } from '../registry/classification.ts';
import { parseRegistryFile } from '../registry/import-file.ts';
import type { RegistryImportReport } from '../registry/import-service.ts';
import { readImportFile, rejectionLines, type ImportFormat } from './import-file.ts';
import { progressBar } from './progress.ts';

/** Largest file accepted, bytes (50,000 rows of a few hundred bytes fit well within it). */
export const MAX_REGISTRY_FILE_BYTES = 64 * 1024 * 1024;

/** The lines printed for a report: a summary, then the first refused rows. */
export function registryReportLines(file: string, r: RegistryImportReport): string[] {
  return [
    `${file}: ${r.total} ${r.kind} records — ${r.accepted} new, ${r.updated} updated, ${r.rejectedRows} refused`,
    ...rejectionLines(r, (field) => field),
  ];
}

/** Imports the file and prints the report; throws an Error naming the file when it cannot be read or is broken. */
export async function importRegistryCommand(
  config: Config,
  kind: RecordKind,
  file: string,
  options: { format?: ImportFormat },
  print: (line: string) => void = console.log,
): Promise<RegistryImportReport> {
  const rows = readImportFile(file, options.format, MAX_REGISTRY_FILE_BYTES, (text, format) => parseRegistryFile(kind, text, format));
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
