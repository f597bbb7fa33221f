/**
 * `cityops audit verify`: recomputes the audit chain from the first entry to the head and prints
 * the verdict; when the chain is broken it prints the first broken entry (seq, id, what is wrong,
 * expected and stored hash) and the caller (program.ts) exits 1, so a cron job or a monitoring
 * script notices tampering.
 */
import type { Config } from '../config.ts';
import { createDb, migrateToLatest } from '../platform/db/create-db.ts';
import { systemClock } from '../platform/clock.ts';
import { createAuditService, type VerifyReport } from '../audit/service.ts';
import { progressBar } from './progress.ts';

/** The lines printed for a report. */
export function verifyLines(describe: string, r: VerifyReport): string[] {
  if (!r.broken) return [`${describe}: audit chain intact — ${r.checked} entries verified up to seq ${r.head.seq} (head ${r.head.hash})`];
  const b = r.broken;
  return [
    `${describe}: audit chain BROKEN at seq ${b.seq} (${b.kind}) after ${r.checked} good entries`,
    `  ${b.message}`,
    `  entry:    ${b.id ?? '(missing)'}${b.found ? ` — next found: seq ${b.found.seq}, ${b.found.id}` : ''}`,
    `  expected: ${b.expectedHash}`,
    `  stored:   ${b.storedHash ?? '(none)'}`,
  ];
}

/**
 * Verifies the chain of the configured database and prints the report.
 * @example const report = await auditVerifyCommand(config); if (!report.ok) process.exitCode = 1;
 */
export async function auditVerifyCommand(config: Config, print: (line: string) => void = console.log): Promise<VerifyReport> {
  const database = await createDb(config);
  const bar = progressBar('verifying');
  try {
    await migrateToLatest(database);
    const audit = createAuditService({ database, clock: systemClock });
    const report = await audit.verify({ onProgress: (done, total) => bar.update(done, total) });
    bar.stop();
    for (const line of verifyLines(database.describe, report)) print(line);
    return report;
  } finally {
    bar.stop();
    await database.close();
  }
}
