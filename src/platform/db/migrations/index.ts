/** The one ordered set of migrations, for every dialect. Add new files here in order. */
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';

/** Migrations by name; names sort in the order they must run. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
};
