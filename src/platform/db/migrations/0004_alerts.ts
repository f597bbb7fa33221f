/** Alerts tables: alerts, their history, and alert policies. (Filled in by the alerts work.) */
import type { Kysely } from 'kysely';

/** Creates the alerts tables. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

/** Drops the alerts tables. */
export async function down(_db: Kysely<unknown>): Promise<void> {}
