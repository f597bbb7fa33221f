/**
 * Registering devices: create (the secret is shown once), change, delete, rotate the secret,
 * bulk import, and device sign-in for MQTT. Every change updates the in-memory registry, tells
 * local listeners (the rules engine) and announces itself on the bus subject `devices` so
 * other processes reload the device.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isUniqueViolation, type Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Bus } from '../platform/bus/bus.ts';
import { newSecret } from '../platform/ids.ts';
import { AppError, forbidden, invalid, notFound, type FieldProblem } from '../platform/errors.ts';
import { withinScope } from '../platform/http/access.ts';
import type { GeoService } from '../geo/service.ts';
import { toWgs84 } from '../geo/crs.ts';
import type { DirectoryService } from '../directory/service.ts';
import { checkDeviceInput, type DeviceInput } from './device-input-model.ts';
import type { Device } from './device-model.ts';
import type { DeviceRegistry } from './device-registry.ts';
import * as store from './store.ts';

/** Bus subject announcing device changes to other processes. */
export const DEVICES_SUBJECT = 'devices';

/** A device change as announced on the bus. */
export interface DeviceChange {
  op: 'upsert' | 'delete';
  deviceId: string;
  /** The announcing process, so it can skip its own announcements. */
  origin: string;
}

/** What the device service needs. */
export interface DeviceServiceDeps {
  database: Database;
  clock: Clock;
  bus: Bus | null;
  geo: GeoService;
  directory: DirectoryService;
  registry: DeviceRegistry;
  instanceId: string;
}

/** Changes to a device; absent fields stay as they are. */
export interface DevicePatch {
  name?: string | null;
  location?: { lon: number; lat: number; crs?: DeviceInput['crs'] };
  ownerUnit?: string | null;
  tags?: string[];
  householdRef?: string | null;
  offlineAfterS?: number | null;
}

/** How an import treats bad rows: skip them (`rows`) or store nothing (`all`). */
export type ImportMode = 'rows' | 'all';

/** The report of an import. */
export interface ImportReport {
  mode: ImportMode;
  /** Devices stored. */
  created: number;
  /** Rows that were (or, with `all` and rejections, would have been) stored; secrets shown once. */
  accepted: Array<{ index: number; id: string; secret: string | null }>;
  rejected: Array<{ index: number; id: string | null; field: string; message: string }>;
}

/** SHA-256 hex of a secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The device service (part of the sensing service). */
export type DeviceService = ReturnType<typeof createDeviceService>;

/**
 * Creates the device service.
 * @example const devices = createDeviceService({ database, clock, bus, geo, directory, registry, instanceId });
 */
export function createDeviceService(deps: DeviceServiceDeps) {
  const { db } = deps.database;
  const { registry } = deps;
  /** Verified secret hashes by device, so reconnecting devices cost one SHA-256 and no query. */
  const verified = new Map<string, string>();

  function place(
    lon: number,
    lat: number,
    crs: DeviceInput['crs'],
    field: string,
  ): Pick<Device, 'location' | 'jurisdictionId' | 'jurisdictionPath'> {
    const chain = deps.geo.locate(lon, lat, crs);
    const deepest = chain[chain.length - 1];
    const j = deepest ? deps.geo.get(deepest.id) : undefined;
    if (!j)
      throw new AppError(400, 'OUTSIDE_ALL_JURISDICTIONS', `${field}: the location lies in no jurisdiction`, [
        { field, message: 'outside every jurisdiction' },
      ]);
    return { location: toWgs84(lon, lat, crs), jurisdictionId: j.id, jurisdictionPath: j.path };
  }

  function unitId(ref: string | null, field: string): string | null {
    if (ref === null) return null;
    const unit = deps.directory.getUnit(ref) ?? deps.directory.getUnitByCode(ref);
    if (!unit) throw invalid(field, `unknown unit ${ref}`, 'UNKNOWN_UNIT');
    return unit.id;
  }

  /** Turns checked input into a device, or problems (located, owner resolved, scope checked). */
  function build(
    input: DeviceInput,
    scopePath: string,
    prefix: string,
    now: number,
  ): { device: Device } | { problem: FieldProblem; code: string } {
    try {
      const where = place(input.lon, input.lat, input.crs, `${prefix}lon`);
      if (!withinScope(where.jurisdictionPath, scopePath))
        return { problem: { field: `${prefix}lon`, message: 'outside your jurisdiction' }, code: 'SCOPE_FORBIDDEN' };
      const device: Device = {
        id: input.id,
        type: input.type,
        name: input.name,
        ...where,
        ownerUnitId: unitId(input.ownerUnit, `${prefix}ownerUnit`),
        tags: input.tags,
        householdRef: input.householdRef,
        offlineAfterS: input.offlineAfterS,
        createdAt: now,
        updatedAt: now,
      };
      return { device };
    } catch (e) {
      if (e instanceof AppError && e.fields[0]) return { problem: e.fields[0], code: e.code };
      throw e;
    }
  }

  async function announce(op: DeviceChange['op'], deviceId: string): Promise<void> {
    registry.changed(deviceId);
    await deps.bus?.publish<DeviceChange>(DEVICES_SUBJECT, { op, deviceId, origin: deps.instanceId });
  }

  /** Applies another process's announcement. */
  async function onRemoteChange(change: DeviceChange): Promise<void> {
    if (change.origin === deps.instanceId) return;
    verified.delete(change.deviceId);
    const d = await store.deviceById(db, change.deviceId);
    if (d) registry.put(d);
    else registry.remove(change.deviceId);
    registry.changed(change.deviceId);
  }

  async function requireDevice(id: string): Promise<Device> {
    const d = await store.deviceById(db, id);
    if (!d) throw notFound('device', 'DEVICE_NOT_FOUND');
    return d;
  }

  async function create(raw: unknown, scopePath: string): Promise<{ device: Device; secret: string }> {
    const { input, problems } = checkDeviceInput(raw);
    if (!input) throw new AppError(400, 'VALIDATION_FAILED', `${problems[0]!.field}: ${problems[0]!.message}`, problems);
    const built = build(input, scopePath, '', deps.clock.now());
    if ('problem' in built) {
      if (built.code === 'SCOPE_FORBIDDEN') throw forbidden('the location lies outside your jurisdiction', 'SCOPE_FORBIDDEN');
      throw new AppError(400, built.code, `${built.problem.field}: ${built.problem.message}`, [built.problem]);
    }
    const secret = input.secret ?? newSecret();
    try {
      await db.transaction().execute((trx) => store.insertDevices(trx, [store.toRow(built.device, hashSecret(secret))]));
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError(409, 'DEVICE_EXISTS', `device ${input.id} exists`, [{ field: 'id', message: 'exists' }]);
      throw e;
    }
    registry.put(built.device);
    await announce('upsert', built.device.id);
    return { device: built.device, secret };
  }

  async function update(id: string, patch: DevicePatch, scopePath: string): Promise<Device> {
    const cur = await requireDevice(id);
    if (!withinScope(cur.jurisdictionPath, scopePath)) throw notFound('device', 'DEVICE_NOT_FOUND');
    const next: Device = { ...cur, updatedAt: deps.clock.now() };
    if (patch.location) {
      const { lon, lat, crs = 'wgs84' } = patch.location;
      Object.assign(next, place(lon, lat, crs, 'location'));
      if (!withinScope(next.jurisdictionPath, scopePath))
        throw forbidden('the new location lies outside your jurisdiction', 'SCOPE_FORBIDDEN');
    }
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.ownerUnit !== undefined) next.ownerUnitId = unitId(patch.ownerUnit, 'ownerUnit');
    if (patch.householdRef !== undefined) next.householdRef = patch.householdRef;
    if (patch.offlineAfterS !== undefined) next.offlineAfterS = patch.offlineAfterS;
    if (patch.tags !== undefined) {
      const { problems } = checkDeviceInput({ id: cur.id, type: cur.type, lon: 0, lat: 0, tags: patch.tags });
      if (problems[0]) throw invalid(problems[0].field, problems[0].message);
      next.tags = [...new Set(patch.tags)];
    }
    if (!(await db.transaction().execute((trx) => store.updateDevice(trx, next)))) throw notFound('device', 'DEVICE_NOT_FOUND');
    registry.put(next);
    await announce('upsert', id);
    return next;
  }

  async function remove(id: string, scopePath: string): Promise<void> {
    const cur = await requireDevice(id);
    if (!withinScope(cur.jurisdictionPath, scopePath)) throw notFound('device', 'DEVICE_NOT_FOUND');
    await db.transaction().execute((trx) => store.deleteDevice(trx, id));
    registry.remove(id);
    verified.delete(id);
    await announce('delete', id);
  }

  async function rotateSecret(id: string, scopePath: string): Promise<string> {
    const cur = await requireDevice(id);
    if (!withinScope(cur.jurisdictionPath, scopePath)) throw notFound('device', 'DEVICE_NOT_FOUND');
    const secret = newSecret();
    await store.setSecretHash(db, id, hashSecret(secret), deps.clock.now());
    verified.delete(id);
    await announce('upsert', id);
    return secret;
  }

  async function importDevices(rows: readonly unknown[], scopePath: string, mode: ImportMode = 'rows'): Promise<ImportReport> {
    const now = deps.clock.now();
    const report: ImportReport = { mode, created: 0, accepted: [], rejected: [] };
    const good: Array<{ index: number; device: Device; secret: string; generated: boolean }> = [];
    const seen = new Set<string>();
    const named = rows.map((r) => (typeof r === 'object' && r !== null ? (r as { id?: unknown }).id : undefined));
    const existing = await store.existingIds(
      db,
      named.filter((x): x is string => typeof x === 'string'),
    );
    rows.forEach((raw, index) => {
      const prefix = `[${index}].`;
      const rawId = named[index];
      const id = typeof rawId === 'string' ? rawId : null;
      const refuse = (field: string, message: string) => report.rejected.push({ index, id, field, message });
      const { input, problems } = checkDeviceInput(raw, prefix);
      if (!input) return problems.forEach((p) => refuse(p.field, p.message));
      if (existing.has(input.id) || seen.has(input.id))
        return refuse(`${prefix}id`, existing.has(input.id) ? 'a device with this id exists' : 'repeated in this import');
      seen.add(input.id);
      const built = build(input, scopePath, prefix, now);
      if ('problem' in built) return refuse(built.problem.field, built.problem.message);
      const secret = input.secret ?? newSecret();
      good.push({ index, device: built.device, secret, generated: input.secret === null });
    });
    const stores = good.length > 0 && !(mode === 'all' && report.rejected.length > 0);
    // Generated secrets are shown only for devices actually stored.
    report.accepted = good.map((g) => ({ index: g.index, id: g.device.id, secret: stores && g.generated ? g.secret : null }));
    if (!stores) return report;
    try {
      await db.transaction().execute((trx) =>
        store.insertDevices(
          trx,
          good.map((g) => store.toRow(g.device, hashSecret(g.secret))),
        ),
      );
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError(409, 'DEVICE_EXISTS', 'a device of this import was created meanwhile; nothing was imported');
      throw e;
    }
    report.created = good.length;
    for (const g of good) {
      registry.put(g.device);
      await announce('upsert', g.device.id);
    }
    return report;
  }

  async function authenticateDevice(deviceId: string, secret: string): Promise<boolean> {
    const hash = hashSecret(secret);
    if (!registry.facts(deviceId)) return false;
    const cached = verified.get(deviceId);
    if (cached !== undefined && sameHash(cached, hash)) return true;
    const stored = await store.secretHashOf(db, deviceId);
    if (stored === undefined || !sameHash(stored, hash)) return false;
    if (verified.size >= 1_000_000) verified.clear();
    verified.set(deviceId, hash);
    return true;
  }

  return { create, update, remove, rotateSecret, importDevices, authenticateDevice, onRemoteChange, requireDevice };
}
