/** Rules tables: rules and persisted per-subject rule state. (Filled in by the rules work.) */
import type { Kysely } from 'kysely';

/** Creates the rules tables. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

/** Drops the rules tables. */
export async function down(_db: Kysely<unknown>): Promise<void> {}
