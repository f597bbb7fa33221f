/**
 * The published register of application scenarios: admins add and edit scenarios (every change
 * a revision, audited); the public reads the register with figures computed from the alerts and
 * cases in the database, as JSON, CSV and an Atom feed; each finished month is frozen once into a
 * hash-chained snapshot (by the scheduler role, or by an admin), served byte for byte.
 */
import type { Database } from '../../platform/db/create-db.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { AuditActor, AuditRecorder } from '../../audit/model.ts';
import { fieldsOf, publish, type MonthData, type PublishedScenario, type ScenarioFields, type ScenarioRecord } from './model.ts';
import { addMonths, monthOf, monthRange, monthsBetween } from './month-model.ts';
import {
  FIGURE_MONTHS,
  documentText,
  registerAt,
  sha256Hex,
  verifyChain,
  type ChainVerdict,
  type SnapshotDocument,
  type SnapshotRow,
} from './snapshot-model.ts';
import { atomFeed } from './atom-model.ts';
import { scenariosCsv } from './export-model.ts';
import { startPeriodic, type Periodic } from '../../platform/periodic.ts';
import * as store from './store.ts';

/** What the register needs. */
export interface ScenariosDeps {
  database: Database;
  clock: Clock;
  audit: AuditRecorder;
  timeZone: string;
  /** Alerts raised per rule id in [from, to) (the alerts service). */
  alertsRaised(from: number, to: number): Promise<ReadonlyMap<string, number>>;
  /** Cases closed per category in [from, to), with those closed on time (the cases evaluation). */
  casesClosed(from: number, to: number): Promise<ReadonlyArray<{ category: string; closed: number; closedOnTime: number }>>;
  /** Whether a small-class code exists (the case catalogue). */
  isCategory(code: string): boolean;
  /** The office named as the feed's author. */
  publisher?: string;
  /** How often the scheduler looks for a month to freeze (ms); default an hour; 0 turns the loop off. */
  freezeEveryMs?: number;
  onError?: (message: string, e: unknown) => void;
}

/** Who changes the register: a signed-in admin or the platform itself. */
export type RegisterActor = { userId: string; username: string } | { system: string };

/** The scenarios service. */
export type ScenariosService = ReturnType<typeof createScenariosService>;

const DEFAULT_PUBLISHER = '城市运行管理中心 · City Operations Centre';

function auditActor(a: RegisterActor): AuditActor {
  return 'system' in a ? { kind: 'system', name: a.system } : { kind: 'user', userId: a.userId, username: a.username };
}
const actorId = (a: RegisterActor) => ('system' in a ? `system:${a.system}` : a.userId);

/**
 * Creates the service.
 * @example const scenarios = createScenariosService({ database, clock, audit, timeZone, alertsRaised, casesClosed, isCategory });
 */
export function createScenariosService(deps: ScenariosDeps) {
  const { db } = deps.database;
  const zone = deps.timeZone;
  const onError = deps.onError ?? ((m: string, e: unknown) => console.error(`scenarios: ${m}:`, e));
  let periodic: Periodic | null = null;
  let freezing: Promise<unknown> = Promise.resolve();

  function check(f: ScenarioFields): void {
    const bad = f.categories.find((c) => !deps.isCategory(c));
    if (bad !== undefined) throw invalid('body.categories', `no such case category: ${bad}`);
    if ((f.status === 'online' || f.status === 'retired') && f.launchDate === null)
      throw invalid('body.launchDate', 'required once a scenario is online or retired');
  }

  /** What the platform recorded in each month (platform-wide), oldest first. */
  async function monthData(months: readonly string[]): Promise<MonthData[]> {
    const out: MonthData[] = [];
    for (const month of months) {
      const { from, to } = monthRange(month, zone);
      const [alerts, closed] = await Promise.all([deps.alertsRaised(from, to), deps.casesClosed(from, to)]);
      out.push({
        month,
        alertsByRule: alerts,
        closedByCategory: new Map(closed.map((c) => [c.category, { closed: c.closed, closedOnTime: c.closedOnTime }])),
      });
    }
    return out;
  }

  /** The register with figures for the {@link FIGURE_MONTHS} months ending at `last` (only months someone launched by). */
  async function published(register: readonly ScenarioRecord[], last: string): Promise<PublishedScenario[]> {
    const launched = register.map((s) => s.launchDate?.slice(0, 7)).filter((m): m is string => m !== undefined);
    const earliest = launched.sort()[0];
    const window = monthsBetween(addMonths(last, 1 - FIGURE_MONTHS), last).filter((m) => earliest !== undefined && m >= earliest);
    const data = await monthData(window);
    return register.map((s) => publish(s, data));
  }

  async function record(action: string, subjectId: string | null, actor: RegisterActor, detail: Record<string, unknown>) {
    await deps.audit.record({ actor: auditActor(actor), action, subject: { kind: 'scenario', id: subjectId, path: null }, detail });
  }

  async function create(fields: ScenarioFields, actor: RegisterActor): Promise<ScenarioRecord> {
    check(fields);
    const now = deps.clock.now();
    const s: ScenarioRecord = { id: newId(), ...fieldsOf(fields), createdAt: now, updatedAt: now, version: 1 };
    await db.transaction().execute(async (trx) => {
      if (await store.slugTaken(trx, s.slug, null)) throw conflict(`slug ${s.slug} is taken`, 'SCENARIO_SLUG_TAKEN');
      await store.insertScenario(trx, s);
      await store.insertRevision(trx, {
        id: newId(),
        scenarioId: s.id,
        version: 1,
        at: now,
        action: 'create',
        actorId: actorId(actor),
        data: fieldsOf(s),
      });
    });
    await record('scenario.create', s.id, actor, { slug: s.slug, status: s.status });
    return s;
  }

  async function update(
    id: string,
    patch: Partial<ScenarioFields>,
    actor: RegisterActor,
    expectedVersion?: number,
  ): Promise<ScenarioRecord> {
    const now = deps.clock.now();
    const { before, after } = await db.transaction().execute(async (trx) => {
      const current = await store.getScenario(trx, id);
      if (!current) throw notFound('scenario', 'SCENARIO_NOT_FOUND');
      if (expectedVersion !== undefined && expectedVersion !== current.version)
        throw conflict(`scenario is at version ${current.version}, not ${expectedVersion}`, 'SCENARIO_VERSION_CONFLICT');
      const fields = fieldsOf({ ...current, ...patch });
      check(fields);
      if (fields.slug !== current.slug && (await store.slugTaken(trx, fields.slug, id)))
        throw conflict(`slug ${fields.slug} is taken`, 'SCENARIO_SLUG_TAKEN');
      const next: ScenarioRecord = { ...current, ...fields, updatedAt: now, version: current.version + 1 };
      if (!(await store.updateScenario(trx, next, current.version)))
        throw conflict('scenario changed meanwhile; read it again', 'SCENARIO_VERSION_CONFLICT');
      await store.insertRevision(trx, {
        id: newId(),
        scenarioId: id,
        version: next.version,
        at: now,
        action: 'update',
        actorId: actorId(actor),
        data: fields,
      });
      return { before: current, after: next };
    });
    const changed = (Object.keys(fieldsOf(after)) as (keyof ScenarioFields)[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
    await record('scenario.update', id, actor, { changed, status: after.status, version: after.version });
    return after;
  }

  /** The month before the present one (the one the scheduler freezes). */
  const previousMonth = () => addMonths(monthOf(deps.clock.now(), zone), -1);

  /**
   * Freezes a finished month: the register as it stood at the month's end with its figures,
   * chained to the last snapshot. `created: false` when the month was frozen already (by anyone).
   */
  async function freeze(month: string, actor: RegisterActor): Promise<{ snapshot: SnapshotRow; created: boolean }> {
    const { to } = monthRange(month, zone);
    const now = deps.clock.now();
    if (to > now)
      throw new AppError(409, 'SNAPSHOT_MONTH_NOT_OVER', `${month} has not ended yet`, [{ field: 'body.month', message: 'not over yet' }]);
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await store.getSnapshot(db, month);
      if (existing) return { snapshot: existing, created: false };
      const last = await store.lastSnapshot(db);
      if (last && last.month > month)
        throw conflict(`${last.month} is frozen already; months are frozen in order`, 'SNAPSHOT_OUT_OF_ORDER');
      const register = registerAt(await store.listRevisions(db), to);
      const doc: SnapshotDocument = {
        kind: 'cityops.scenarios.snapshot',
        month,
        timeZone: zone,
        frozenAt: new Date(now).toISOString(),
        previousSha256: last?.sha256 ?? null,
        items: await published(register, month),
      };
      const text = documentText(doc);
      const row: SnapshotRow = {
        month,
        seq: (last?.seq ?? 0) + 1,
        document: text,
        sha256: sha256Hex(text),
        prevSha256: last?.sha256 ?? null,
        frozenAt: now,
        frozenBy: actorId(actor),
      };
      if (await store.insertSnapshot(db, row)) {
        await record('scenario.snapshot', null, actor, { month, sha256: row.sha256, seq: row.seq, scenarios: register.length });
        return { snapshot: row, created: true };
      }
      // Another process froze this month (read it back) or another month took the position (retry).
    }
    throw conflict('snapshots are being frozen concurrently; try again', 'SNAPSHOT_CONFLICT');
  }

  /** Freezes the previous month unless frozen already; safe in any number of processes. */
  function freezeDue(): Promise<{ month: string; created: boolean } | null> {
    const run = freezing.then(async () => {
      const month = previousMonth();
      const last = await store.lastSnapshot(db);
      if (last && last.month >= month) return { month, created: false };
      const r = await freeze(month, { system: 'scheduler' });
      return { month, created: r.created };
    });
    freezing = run.catch(() => undefined);
    return run;
  }

  return {
    create,
    update,
    /** One scenario of the register (admin view). */
    get: (id: string) => store.getScenario(db, id),
    /** The live register with figures up to the present month. */
    async list(): Promise<{ items: PublishedScenario[]; generatedAt: number }> {
      const now = deps.clock.now();
      return { items: await published(await store.listScenarios(db), monthOf(now, zone)), generatedAt: now };
    },
    /** The live register as CSV (one row per scenario and month with figures; planned ones once with empty figures). */
    async csv(): Promise<Buffer> {
      const now = deps.clock.now();
      return scenariosCsv(await published(await store.listScenarios(db), monthOf(now, zone)));
    },
    /** The Atom feed of changes and snapshots. */
    async atom(): Promise<string> {
      const [revisions, snapshots] = await Promise.all([store.listRevisions(db), store.listSnapshotHeads(db)]);
      return atomFeed({ revisions, snapshots, author: deps.publisher ?? DEFAULT_PUBLISHER, now: deps.clock.now() });
    },
    /** The frozen months, oldest first. */
    snapshots: () => store.listSnapshotHeads(db),
    /** One frozen month. */
    snapshot: (month: string) => store.getSnapshot(db, month),
    freeze,
    freezeDue,
    /** Checks every stored snapshot against its hash and the chain. */
    async verify(): Promise<ChainVerdict> {
      return verifyChain(await store.listSnapshots(db));
    },
    /** Adds the scenarios given when the register is empty (the demo's first start); returns how many. */
    async seed(scenarios: readonly ScenarioFields[]): Promise<number> {
      if ((await store.listScenarios(db)).length > 0) return 0;
      for (const s of scenarios) await create(s, { system: 'demo' });
      return scenarios.length;
    },
    /** Scheduler role: freezes the previous month now and then every `freezeEveryMs`. */
    start(): void {
      const every = deps.freezeEveryMs ?? 3_600_000;
      if (periodic || every <= 0) return;
      periodic = startPeriodic(freezeDue, every, (e) => onError('freezing the previous month failed', e));
    },
    async stop(): Promise<void> {
      await periodic?.stop();
      periodic = null;
      await freezing;
    },
  };
}
