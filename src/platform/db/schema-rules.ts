/** The rules tables as Kysely sees them (see migration for the DDL). */

/** Every rules table. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the rules work
export interface RulesTables {}
