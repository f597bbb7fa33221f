/**
 * The directory's use-cases: units (centres and departments), the responsibility matrix and
 * users. Units and the matrix are small and read on every dispatch, so they are cached in
 * memory and reloaded after each change.
 */
import { isUniqueViolation, type Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import type { GeoService } from '../geo/service.ts';
import type { DepartmentKind } from './department-kinds.ts';
import type { Responsibility, Unit, UnitKind, User } from './model.ts';
import { isRole, type Role } from './roles.ts';
import { hashPassword, passwordPolicyProblems, PASSWORD_PROBLEM_LABELS } from './password.ts';
import { buildResponsibilityIndex } from './responsibility.ts';
import { isWithin } from './scope.ts';
import * as store from './store.ts';

/** What the directory needs. */
export interface DirectoryDeps {
  database: Database;
  clock: Clock;
  geo: GeoService;
  /** Whether a category code exists (the case catalogue knows); `'*'` is always accepted. */
  isCategory?: (code: string) => boolean;
}

/** Input for a new unit. */
export interface NewUnit {
  code: string;
  kind: UnitKind;
  departmentKind: DepartmentKind | null;
  name: string;
  nameEn?: string | null;
  jurisdictionId: string;
}

/** Input for a new user. */
export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  jurisdictionId: string;
  unitId?: string | null;
}

/** The directory service. */
export type DirectoryService = Awaited<ReturnType<typeof createDirectoryService>>;

/**
 * Creates the directory service and loads its caches.
 * @example const dir = await createDirectoryService({ database, clock, geo });
 */
export async function createDirectoryService(deps: DirectoryDeps) {
  const { db } = deps.database;
  let units = new Map<string, Unit>();
  let unitsByCode = new Map<string, Unit>();
  let cells: Responsibility[] = [];
  let index = buildResponsibilityIndex([]);
  let cellOf = new Map<object, string>();

  async function reload(): Promise<void> {
    const list = await store.listUnits(db);
    units = new Map(list.map((u) => [u.id, u]));
    unitsByCode = new Map(list.map((u) => [u.code, u]));
    cells = await store.listResponsibilities(db);
    const entries = cells.map((c) => ({
      categoryCode: c.categoryCode,
      jurisdictionPath: deps.geo.get(c.jurisdictionId)?.path ?? '/?/',
      unitId: c.unitId,
    }));
    // The cell each index entry came from, so a lookup names where it was set without a scan of
    // every cell (intake resolves the matrix for every case).
    cellOf = new Map(entries.map((e, i) => [e, cells[i]!.jurisdictionId]));
    index = buildResponsibilityIndex(entries);
  }

  function pathOf(jurisdictionId: string): string {
    const j = deps.geo.get(jurisdictionId);
    if (!j) throw new AppError(404, 'JURISDICTION_NOT_FOUND', `jurisdiction ${jurisdictionId} not found`);
    return j.path;
  }

  function validateUser(input: NewUser): void {
    if (!/^[a-z0-9_.-]{3,40}$/.test(input.username)) throw invalid('username', '3–40 lower-case letters, digits, _ . -');
    const problems = passwordPolicyProblems(input.password, { username: input.username });
    if (problems.length > 0) throw invalid('password', problems.map((p) => PASSWORD_PROBLEM_LABELS[p].en).join(' '), 'PASSWORD_POLICY');
    if (input.roles.length === 0) throw invalid('roles', 'at least one role');
    for (const r of input.roles) if (!isRole(r)) throw invalid('roles', `unknown role ${String(r)}`);
    pathOf(input.jurisdictionId);
    if (input.roles.includes('handler') && !input.unitId) throw invalid('unitId', 'a handler must belong to a department');
    if (input.unitId) {
      const unit = units.get(input.unitId);
      if (!unit) throw invalid('unitId', 'unknown unit');
      if (
        !isWithin(pathOf(unit.jurisdictionId), pathOf(input.jurisdictionId)) &&
        !isWithin(pathOf(input.jurisdictionId), pathOf(unit.jurisdictionId))
      ) {
        throw invalid('unitId', 'unit lies outside the user’s jurisdiction');
      }
    }
  }

  function requireCategory(code: string, field: string): void {
    if (code !== '*' && deps.isCategory && !deps.isCategory(code))
      throw invalid(field, `unknown case category ${code}`, 'UNKNOWN_CATEGORY');
  }

  await reload();

  return {
    reload,
    pathOf,
    getUnit: (id: string): Unit | undefined => units.get(id),
    getUnitByCode: (code: string): Unit | undefined => unitsByCode.get(code),
    /** Units in a jurisdiction subtree (by path), optionally of a kind. */
    listUnits(scopePath: string, kind?: UnitKind): Unit[] {
      return [...units.values()].filter((u) => (!kind || u.kind === kind) && isWithin(pathOf(u.jurisdictionId), scopePath));
    },
    async createUnit(input: NewUnit): Promise<Unit> {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(input.code)) throw invalid('code', '1–64 letters, digits, - or _');
      if (unitsByCode.has(input.code))
        throw new AppError(409, 'UNIT_EXISTS', `unit ${input.code} exists`, [{ field: 'code', message: 'exists' }]);
      if (input.kind === 'department' && !input.departmentKind) throw invalid('departmentKind', 'a department needs a kind');
      pathOf(input.jurisdictionId);
      const row = {
        id: newId(),
        code: input.code,
        kind: input.kind,
        department_kind: input.departmentKind,
        name: input.name,
        name_en: input.nameEn ?? null,
        jurisdiction_id: input.jurisdictionId,
        created_at: deps.clock.now(),
      };
      try {
        await store.insertUnits(db, [row]);
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError(409, 'UNIT_EXISTS', `unit ${input.code} exists`, [{ field: 'code', message: 'exists' }]);
        throw e;
      }
      await reload();
      return units.get(row.id)!;
    },
    /** Cells set at a jurisdiction (not inherited ones). */
    responsibilitiesAt: (jurisdictionId: string): Responsibility[] => cells.filter((c) => c.jurisdictionId === jurisdictionId),
    /** The unit responsible for a category at a jurisdiction, inherited down the tree. */
    resolveResponsible(categoryCode: string, jurisdictionId: string): { unit: Unit; setAt: string } | null {
      requireCategory(categoryCode, 'category');
      const hit = index.resolve(categoryCode, pathOf(jurisdictionId));
      const unit = hit ? units.get(hit.unitId) : undefined;
      if (!hit || !unit) return null;
      return { unit, setAt: cellOf.get(hit.entry) ?? jurisdictionId };
    },
    async setResponsibility(categoryCode: string, jurisdictionId: string, unitId: string, actorId: string | null): Promise<void> {
      requireCategory(categoryCode, 'categoryCode');
      if (!units.has(unitId)) throw invalid('unitId', 'unknown unit');
      pathOf(jurisdictionId);
      await store.upsertResponsibility(db, {
        id: newId(),
        category_code: categoryCode,
        jurisdiction_id: jurisdictionId,
        unit_id: unitId,
        created_at: deps.clock.now(),
        created_by: actorId,
      });
      await reload();
    },
    async clearResponsibility(categoryCode: string, jurisdictionId: string): Promise<void> {
      if (!(await store.deleteResponsibility(db, categoryCode, jurisdictionId))) throw notFound('responsibility');
      await reload();
    },
    /** Bulk load for the demo; one transaction with the caller's. */
    async seed(
      newUnits: NewUnit[],
      responsibilities: Array<{ categoryCode: string; jurisdictionId: string; unitCode: string }>,
    ): Promise<void> {
      const now = deps.clock.now();
      const rows = newUnits.map((u) => ({
        id: newId(),
        code: u.code,
        kind: u.kind,
        department_kind: u.departmentKind,
        name: u.name,
        name_en: u.nameEn ?? null,
        jurisdiction_id: u.jurisdictionId,
        created_at: now,
      }));
      const byCode = new Map(rows.map((r) => [r.code, r.id]));
      await db.transaction().execute(async (trx) => {
        await store.insertUnits(trx, rows);
        await store.insertResponsibilities(
          trx,
          responsibilities.map((r) => {
            const unitId = byCode.get(r.unitCode) ?? unitsByCode.get(r.unitCode)?.id;
            if (!unitId) throw new Error(`seed: unknown unit ${r.unitCode}`);
            return {
              id: newId(),
              category_code: r.categoryCode,
              jurisdiction_id: r.jurisdictionId,
              unit_id: unitId,
              created_at: now,
              created_by: null,
            };
          }),
        );
      });
      await reload();
    },
    async createUser(input: NewUser): Promise<User> {
      validateUser(input);
      if (await store.userRowByUsername(db, input.username))
        throw new AppError(409, 'USERNAME_TAKEN', `username ${input.username} is taken`, [{ field: 'username', message: 'taken' }]);
      const now = deps.clock.now();
      const row = {
        id: newId(),
        username: input.username,
        display_name: input.displayName,
        password_hash: await hashPassword(input.password),
        roles: JSON.stringify(input.roles),
        jurisdiction_id: input.jurisdictionId,
        unit_id: input.unitId ?? null,
        disabled: 0,
        failures: 0,
        last_failure_at: null,
        locked_until: null,
        password_changed_at: now,
        created_at: now,
      };
      try {
        await store.insertUser(db, row);
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError(409, 'USERNAME_TAKEN', `username ${input.username} is taken`, [{ field: 'username', message: 'taken' }]);
        throw e;
      }
      return store.toUser(row);
    },
    async getUser(id: string): Promise<User | undefined> {
      const row = await store.userRowById(db, id);
      return row ? store.toUser(row) : undefined;
    },
    /** Users whose jurisdiction lies in the scope. */
    async listUsers(scopePath: string): Promise<User[]> {
      return (await store.listUsers(db)).filter((u) => isWithin(pathOf(u.jurisdictionId), scopePath));
    },
    unitCount: (): number => units.size,
  };
}
