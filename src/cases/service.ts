/**
 * The cases module's use-cases (the closed loop, 闭环处置): intake from every source, commands
 * through the state machine with role, scope and version checks, routing and escalation,
 * duplicates, supervision, the deadline scheduler, photos, and the `cases` bus events. Routes
 * and other modules call only this.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/create-db.ts';
import { createTransactionRunner } from '../platform/db/group-commit.ts';
import type { DB } from '../platform/db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { Bus, Subscription } from '../platform/bus/bus.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { GeoService } from '../geo/service.ts';
import { toWgs84, type Crs } from '../geo/crs.ts';
import type { DirectoryService } from '../directory/service.ts';
import { ALERTS_SUBJECT, type AlertEvent } from '../alerts/event-model.ts';
import type { Alert } from '../alerts/model.ts';
import type { Urgency } from './catalogue-types.ts';
import { CHINA_WORKING_CALENDAR } from './calendar-data.ts';
import type { Actor, Case, CaseCommand, CaseEvent } from './case-types.ts';
import type { TransitionContext } from './case-machine.ts';
import { resolveDuplicateSettings, type DuplicateSettings } from './duplicate-model.ts';
import { escalationTarget, mayDispatchTo } from './routing-model.ts';
import { createCentreDirectory } from './centre-directory.ts';
import { loadForCommand, rememberApplied, runCommand, runOnCached, SYSTEM_ACTOR, tellMerged, trustedHit } from './command-service.ts';
import type { Applied, CommandInput } from './command-service.ts';
import { CaseCache } from './case-cache.ts';

export type { CommandInput };
import { intake, type IntakeResult } from './intake-service.ts';
import type { ReportInput } from './report-model.ts';
import { reportsFromAlert } from './alert-intake-model.ts';
import { runDueTimers } from './scheduler-service.ts';
import { createCasePublisher } from './publisher-service.ts';
import { createCaseQueries } from './query-service.ts';
import { createSupervision } from './supervision-service.ts';
import { createAttachmentService } from './attachment-service.ts';
import { createEvaluationService } from './evaluation-service.ts';
import * as duplicateStore from './duplicate-store.ts';

/** What the cases module needs. */
export interface CasesDeps {
  database: Database;
  clock: Clock;
  bus: Bus;
  geo: GeoService;
  directory: DirectoryService;
  dataDir: string;
  timeZone: string;
  duplicates?: Partial<DuplicateSettings>;
  /** Looks up an alert, for filing a case from it by hand. */
  getAlert?: (id: string) => Promise<Pick<Alert, 'id' | 'category' | 'message' | 'location' | 'jurisdictionPath' | 'level'> | undefined>;
  /** How often the scheduler looks for due timers (ms); 0 turns the loop off (tests tick by hand). */
  schedulerIntervalMs?: number;
  onError?: (message: string, e: unknown) => void;
}

/** Cases kept in memory for the next command on them (a few MB). */
const CACHED_CASES = 5_000;

/** The cases service. */
export type CasesService = ReturnType<typeof createCasesService>;

/**
 * Creates the service.
 * @example const cases = createCasesService({ database, clock, bus, geo, directory, dataDir, timeZone });
 */
export function createCasesService(deps: CasesDeps) {
  const { db } = deps.database;
  const onError = deps.onError ?? ((m: string, e: unknown) => console.error(`cases: ${m}:`, e));
  const ctx: TransitionContext = { calendar: CHINA_WORKING_CALENDAR };
  const centres = createCentreDirectory(deps.directory, deps.geo);
  const duplicateSettings: DuplicateSettings = resolveDuplicateSettings(deps.duplicates);
  // Reports and commands are short transactions: on SQLite those arriving together share a commit.
  const writer = createTransactionRunner(deps.database);
  const publisher = createCasePublisher({ db, bus: deps.bus, onError, writer });
  // The cases this process committed last: the next command on one skips reading its row back.
  const cache = new CaseCache(CACHED_CASES);
  const intakeDeps = {
    geo: deps.geo,
    directory: deps.directory,
    centres,
    dataDir: deps.dataDir,
    timeZone: deps.timeZone,
    duplicateSettings,
    ctx,
  };
  const queries = createCaseQueries({ db, clock: deps.clock, ctx });
  let schedulerTimer: NodeJS.Timeout | null = null;
  let alertSub: Subscription | null = null;
  let ticking: Promise<unknown> = Promise.resolve();

  async function report(input: ReportInput, actor: Actor): Promise<IntakeResult> {
    const now = deps.clock.now();
    const result = await writer.run((trx) => intake(trx, intakeDeps, input, actor, now));
    rememberApplied(cache, result.applied);
    await publisher.publish(result.applied);
    return result;
  }

  /** Fills in what the caller cannot know (the matrix's suggestion, the centre above) and checks routing. */
  function complete(c: Case, input: CommandInput): CaseCommand {
    if (input.type === 'dispatch') {
      const unit = centres.unit(input.unitId);
      if (!unit) throw invalid('unitId', 'no such unit');
      if (unit.unit.kind !== 'department') throw invalid('unitId', 'cases are dispatched to departments and committees, not to centres');
      if (!mayDispatchTo({ path: c.centrePath }, unit.path))
        throw new AppError(
          422,
          'CASE_UNIT_OUTSIDE_CENTRE',
          `unit ${unit.unit.name} is outside the centre in charge; escalate the case first`,
          [{ field: 'unitId', message: 'outside the jurisdiction of the centre in charge' }],
        );
      const suggested = deps.directory.resolveResponsible(c.category, c.jurisdictionId)?.unit.id ?? null;
      return { ...input, suggestedUnitId: suggested };
    }
    if (input.type === 'escalate') {
      const to = escalationTarget(c.jurisdictionPath, c.centreLevel, centres.centres());
      if (!to) throw new AppError(409, 'CASE_ESCALATION_NOT_HIGHER', `case ${c.code} is already at the highest centre`);
      return { type: 'escalate', reason: input.reason, toCentreId: to.id, toCentreLevel: to.level, toCentrePath: to.path };
    }
    return input;
  }

  /**
   * Gives a command. `also` runs in the same transaction after the case is stored (a supervision
   * order closed with the command it ordered), so the two commit or fail together.
   */
  async function command(
    id: string,
    input: CommandInput,
    actor: Actor,
    expectedVersion?: number,
    also?: (trx: Kysely<DB>, applied: Applied[]) => Promise<void>,
  ): Promise<Applied[]> {
    const now = deps.clock.now();
    const prepare = (c: Case): CaseCommand => {
      if (!actor.system && !c.jurisdictionPath.startsWith(actor.scopePath)) throw notFound(`case ${id}`, 'CASE_NOT_FOUND');
      return complete(c, input);
    };
    const applied = await writer.run(async (trx) => {
      const hit = trustedHit(cache, id, input, expectedVersion);
      let out: Applied[];
      if (hit) out = await runOnCached(trx, hit, prepare, actor, now, ctx);
      else {
        const c = await loadForCommand(trx, id, expectedVersion, cache);
        out = await runCommand(trx, c, prepare(c), actor, now, ctx);
      }
      out.push(...(await tellMerged(trx, out, now, ctx)));
      if (also) await also(trx, out);
      return out;
    });
    rememberApplied(cache, applied);
    await publisher.publish(applied);
    return applied;
  }

  const supervision = createSupervision({ db, clock: deps.clock, command, centres });
  const attachments = createAttachmentService({ db, dataDir: deps.dataDir, clock: deps.clock });
  const evaluation = createEvaluationService({ db, clock: deps.clock, directory: deps.directory, geo: deps.geo, timeZone: deps.timeZone });

  /** Decides a proposed duplicate: merge it into the master (a command) or dismiss the proposal. */
  async function decideDuplicate(proposalId: string, decision: 'merge' | 'dismiss', reason: string, actor: Actor): Promise<Applied[]> {
    const proposal = await duplicateStore.getProposal(db, proposalId);
    const path = proposal ? await queries.pathOf(proposal.caseId) : undefined;
    if (!proposal || !path || !path.startsWith(actor.scopePath)) throw notFound('duplicate proposal', 'PROPOSAL_NOT_FOUND');
    const decided = { reason, decidedBy: actor.id, decidedAt: deps.clock.now() };
    const record = async (trx: Kysely<DB>, d: 'merged' | 'dismissed') => {
      if (!(await duplicateStore.decideProposal(trx, proposalId, { decision: d, ...decided })))
        throw new AppError(409, 'PROPOSAL_DECIDED', 'this proposal was already decided');
    };
    if (decision === 'merge')
      return command(proposal.caseId, { type: 'merge', masterId: proposal.masterId, reason }, actor, undefined, (trx) =>
        record(trx, 'merged'),
      );
    if (!actor.roles.some((r) => r === 'dispatcher' || r === 'shift_lead'))
      throw new AppError(403, 'CASE_FORBIDDEN', 'only dispatchers and shift leads decide duplicates');
    await db.transaction().execute((trx) => record(trx, 'dismissed'));
    return [];
  }

  const schedulerId = `scheduler-${newId()}`;
  async function tick(): Promise<number> {
    const run = ticking.then(() =>
      runDueTimers({ db, centres, ctx, onApplied: (a) => publisher.publish(a) }, { now: deps.clock.now(), workerId: schedulerId }),
    );
    ticking = run.catch((e: unknown) => onError('scheduler round failed', e));
    return run;
  }

  async function onAlert(event: AlertEvent): Promise<void> {
    for (const input of reportsFromAlert(event)) {
      try {
        await report(input, SYSTEM_ACTOR);
      } catch (e) {
        onError(`alert ${event.alert.id}: could not file a case`, e);
      }
    }
  }

  return {
    report,
    command,
    /** The jurisdiction path of a reported place (for the route's scope check); 400 outside the city. */
    placeOf(location: { lon: number; lat: number; crs?: Crs }): string {
      const [lon, lat] = toWgs84(location.lon, location.lat, location.crs ?? 'wgs84');
      const chain = deps.geo.locate(lon, lat);
      const deepest = chain[chain.length - 1];
      const path = deepest ? deps.geo.get(deepest.id)?.path : undefined;
      if (!path) throw invalid('body.location', 'outside every jurisdiction of the city', 'LOCATION_OUTSIDE_CITY');
      return path;
    },
    ...queries,
    supervision,
    attachments,
    evaluation,
    centres,
    /** The duplicates proposed for a report in the caller's scope, most confident first. */
    async duplicatesOf(id: string, actor: Actor) {
      const c = await queries.get(id, actor);
      return duplicateStore.listProposalsForCase(db, c.id);
    },
    decideDuplicate,
    /** The jurisdiction path of an alert, for the route's scope check (undefined if unknown). */
    async alertPath(alertId: string): Promise<string | undefined> {
      return (await deps.getAlert?.(alertId))?.jurisdictionPath;
    },
    /**
     * Files a case from an alert by hand (an operator decides an alert needs one). Filing the same
     * alert twice returns the first case.
     */
    async reportFromAlert(
      input: { alertId: string; category?: string; urgency?: Urgency; description?: string },
      actor: Actor,
    ): Promise<IntakeResult> {
      const alert = await deps.getAlert?.(input.alertId);
      if (!alert || !alert.jurisdictionPath.startsWith(actor.scopePath)) throw notFound('alert', 'ALERT_NOT_FOUND');
      const category = input.category ?? alert.category;
      if (!category) throw invalid('category', 'the alert names no case category; give one');
      if (!alert.location) throw invalid('alertId', 'the alert has no location to file a case at', 'ALERT_NOT_LOCATED');
      const urgency = input.urgency ?? (alert.level === 'red' ? 'urgent' : alert.level === 'orange' ? 'high' : 'normal');
      return report(
        {
          source: 'alert',
          sourceRef: `manual:${alert.id}`,
          category,
          urgency,
          description: input.description ?? alert.message,
          location: { lon: alert.location[0], lat: alert.location[1], address: null },
          autoDispatch: false,
        },
        actor,
      );
    },
    duplicateSettings,
    /** Runs the scheduler once now (tests, drills after moving the clock); returns timers handled. */
    tick,
    /**
     * Starts background work: consuming alert events (`alerts`), the scheduler loop
     * (`scheduler`); publishes what a crash left pending first (`republish`). Each defaults to on;
     * calling again starts what is not running yet.
     */
    async start(opts: { scheduler?: boolean; alerts?: boolean; republish?: boolean } = {}): Promise<void> {
      if (opts.republish !== false) await publisher.republishPending();
      if (opts.alerts !== false && !alertSub)
        alertSub = deps.bus.subscribe<AlertEvent>(ALERTS_SUBJECT, (m) => onAlert(m.data), { group: 'cases.alert-intake' });
      const every = deps.schedulerIntervalMs ?? 1000;
      if (opts.scheduler !== false && every > 0 && !schedulerTimer)
        schedulerTimer = setInterval(() => {
          void tick();
        }, every);
    },
    async stop(): Promise<void> {
      if (schedulerTimer) clearInterval(schedulerTimer);
      schedulerTimer = null;
      alertSub?.unsubscribe();
      alertSub = null;
      await ticking;
      await publisher.idle();
    },
    /** Resolves when queued bus publications are done. */
    idle: () => publisher.idle(),
  };
}

export type { Actor, Case, CaseEvent };
