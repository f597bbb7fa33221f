/**
 * Real databases for tests: SQLite always (a temp file), PostgreSQL when DATABASE_URL is set
 * (a fresh schema per call, dropped afterwards). No mocks of storage.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { removeTempDir } from './temp-dir.ts';
import { createDb, migrateToLatest, type Database, type Dialect } from '../../src/platform/db/create-db.ts';

/** Dialects this run can test: SQLite always, PostgreSQL when DATABASE_URL is set. */
export function availableDialects(): Dialect[] {
  return process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** The dialect the whole suite runs on: PostgreSQL when DATABASE_URL is set. */
export function primaryDialect(): Dialect {
  return process.env.DATABASE_URL ? 'postgres' : 'sqlite';
}

/** An open, migrated test database and how to throw it away. */
export interface TestDb {
  database: Database;
  dataDir: string;
  schema: string | null;
  cleanup(): Promise<void>;
}

/**
 * Opens a fresh, migrated database of the dialect.
 * @example const t = await openTestDb('sqlite'); ...; await t.cleanup();
 */
export async function openTestDb(dialect: Dialect = primaryDialect(), options: { migrate?: boolean } = {}): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-test-'));
  const url = process.env.DATABASE_URL ?? null;
  if (dialect === 'postgres' && !url) throw new Error('postgres tests need DATABASE_URL');
  const schema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : null;
  const database = await createDb({ dataDir, databaseUrl: dialect === 'postgres' ? url : null, databaseSchema: schema });
  const cleanup = async () => {
    await database.close();
    if (schema && url) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
    removeTempDir(dataDir);
  };
  if (options.migrate !== false) {
    try {
      await migrateToLatest(database);
    } catch (e) {
      await cleanup(); // no schema left behind by a failed start
      throw e;
    }
  }
  return {
    database,
    dataDir,
    schema,
    cleanup,
  };
}
