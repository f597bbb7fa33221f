/** The alerts tables as Kysely sees them (see migration for the DDL). */

/** Every alerts table. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the alerts work
export interface AlertsTables {}
