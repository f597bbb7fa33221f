/** `cityops migrate`: brings the database schema up to date and says what ran. */
import type { Config } from '../config.ts';
import { createDb, migrateToLatest } from '../platform/db/create-db.ts';

/** Runs pending migrations; prints one line per migration. */
export async function migrateCommand(config: Config, print: (line: string) => void = console.log): Promise<void> {
  const database = await createDb(config);
  try {
    const result = await migrateToLatest(database);
    const ran = result.results ?? [];
    if (ran.length === 0) print(`${database.describe}: already up to date`);
    for (const r of ran) print(`${database.describe}: ${r.migrationName} ${r.status}`);
  } finally {
    await database.close();
  }
}
