/** The sensing tables as Kysely sees them (see migration for the DDL). */

/** Every sensing table. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the sensing work
export interface SensingTables {}
