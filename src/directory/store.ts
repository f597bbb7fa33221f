/** SQL for units, the responsibility matrix, users, sessions and API tokens. */
import { sql, type Kysely, type Transaction, type Selectable } from 'kysely';
import type { DB, UnitTable, UserTable } from '../platform/db/schema.ts';
import type { Responsibility, Unit, UnitKind, User } from './model.ts';
import type { DepartmentKind } from './department-kinds.ts';
import type { Role } from './roles.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Row → Unit. */
export function toUnit(r: Selectable<UnitTable>): Unit {
  return {
    id: r.id,
    code: r.code,
    kind: r.kind as UnitKind,
    departmentKind: r.department_kind as DepartmentKind | null,
    name: r.name,
    nameEn: r.name_en,
    jurisdictionId: r.jurisdiction_id,
  };
}

/** Row → User (no hash). */
export function toUser(r: Selectable<UserTable>): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: JSON.parse(r.roles) as Role[],
    jurisdictionId: r.jurisdiction_id,
    unitId: r.unit_id,
    disabled: r.disabled === 1,
    passwordChangedAt: r.password_changed_at,
    createdAt: r.created_at,
  };
}

/** Inserts units in batches. */
export async function insertUnits(db: Executor, rows: UnitTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('units')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** All units. */
export async function listUnits(db: Executor): Promise<Unit[]> {
  return (await db.selectFrom('units').selectAll().orderBy('code').execute()).map(toUnit);
}

/** All responsibility cells. */
export async function listResponsibilities(db: Executor): Promise<Responsibility[]> {
  const rows = await db.selectFrom('responsibilities').select(['id', 'category_code', 'jurisdiction_id', 'unit_id']).execute();
  return rows.map((r) => ({ id: r.id, categoryCode: r.category_code, jurisdictionId: r.jurisdiction_id, unitId: r.unit_id }));
}

/** Inserts responsibility cells in batches. */
export async function insertResponsibilities(
  db: Executor,
  rows: Array<{
    id: string;
    category_code: string;
    jurisdiction_id: string;
    unit_id: string;
    created_at: number;
    created_by: string | null;
  }>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('responsibilities')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Sets one cell, replacing what was there. */
export async function upsertResponsibility(
  db: Executor,
  row: { id: string; category_code: string; jurisdiction_id: string; unit_id: string; created_at: number; created_by: string | null },
): Promise<void> {
  await db
    .insertInto('responsibilities')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['category_code', 'jurisdiction_id'])
        .doUpdateSet({ unit_id: row.unit_id, created_at: row.created_at, created_by: row.created_by }),
    )
    .execute();
}

/** Removes one cell; returns whether it existed. */
export async function deleteResponsibility(db: Executor, categoryCode: string, jurisdictionId: string): Promise<boolean> {
  const r = await db
    .deleteFrom('responsibilities')
    .where('category_code', '=', categoryCode)
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Inserts a user. */
export async function insertUser(db: Executor, row: UserTable): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/** A user row by username, including the hash and throttle state. */
export async function userRowByUsername(db: Executor, username: string): Promise<Selectable<UserTable> | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** A user row by id. */
export async function userRowById(db: Executor, id: string): Promise<Selectable<UserTable> | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** All users. */
export async function listUsers(db: Executor): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
}

/** Saves the sign-in throttle state. */
export async function saveThrottle(
  db: Executor,
  userId: string,
  s: { failures: number; lastFailureAt: number | null; lockedUntil: number | null },
): Promise<void> {
  await db
    .updateTable('users')
    .set({ failures: s.failures, last_failure_at: s.lastFailureAt, locked_until: s.lockedUntil })
    .where('id', '=', userId)
    .execute();
}

/** Takes the user's row lock for the rest of the transaction (PostgreSQL; SQLite transactions are serial anyway). */
export async function lockUserRow(db: Transaction<DB>, userId: string): Promise<void> {
  // A no-op write works on both dialects, where SELECT … FOR UPDATE is PostgreSQL-only.
  await db
    .updateTable('users')
    .set({ failures: sql`failures` })
    .where('id', '=', userId)
    .execute();
}
