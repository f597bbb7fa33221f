/** Sensing tables: device types, devices, readings, latest values, detections, ingest stats. (Filled in by the sensing work.) */
import type { Kysely } from 'kysely';

/** Creates the sensing tables. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

/** Drops the sensing tables. */
export async function down(_db: Kysely<unknown>): Promise<void> {}
