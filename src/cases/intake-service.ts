/**
 * Intake (信息采集 → 受理): turns a report from any source into a stored `reported` case, in one
 * transaction with its human code, reporter, photos, timeline entry and timers; looks for
 * duplicates; and, where the source is trusted and the matrix names a unit, files and
 * dispatches it at once (auto-dispatch). What it decided is on the case's timeline.
 */
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { DB } from '../platform/db/schema.ts';
import { invalid } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { GeoService } from '../geo/service.ts';
import type { DirectoryService } from '../directory/service.ts';
import { toWgs84 } from '../geo/crs.ts';
import type { ReportInput } from './report-model.ts';
import { getSmallClass } from './catalogue-model.ts';
import type { Actor, Case, CaseCommand, CaseSource, TransitionResult } from './case-types.ts';
import { newCase } from './case-new.ts';
import { transition, type TransitionContext } from './case-machine.ts';
import type { CentreDirectory } from './centre-directory.ts';
import { duplicateCandidates, searchBox, type DuplicateSettings, type DuplicateProposal } from './duplicate-model.ts';
import { noteTimelineEnd, runCommand, syncTimers, unwrap, SYSTEM_ACTOR, type Applied } from './command-service.ts';
import { bindAttachments } from './attachment-service.ts';
import * as store from './store.ts';
import * as duplicates from './duplicate-store.ts';

/** What intake did with a report. */
export interface IntakeResult {
  case: Case;
  /** Every stored change, in order (the new case, then merges/dispatches). */
  applied: Applied[];
  /** Open cases this report may duplicate, best first. */
  duplicates: DuplicateProposal[];
  /** True if an existing case with the same source ref was returned instead. */
  existing: boolean;
}

/** What intake needs. */
export interface IntakeDeps {
  geo: GeoService;
  directory: DirectoryService;
  centres: CentreDirectory;
  dataDir: string;
  timeZone: string;
  duplicateSettings: DuplicateSettings;
  ctx: TransitionContext;
}

/** Sources whose reports are filed and dispatched without a person looking first. */
const TRUSTED_SOURCES: readonly CaseSource[] = ['alert', 'import'];

/**
 * Sources checked for duplicates. Alert cases are not: the alerts module already keeps one
 * active alert per rule and subject, and two policies may deliberately file two cases (a
 * committee visit and an enforcement case) for the same alert.
 */
const DUPLICATE_CHECKED: readonly CaseSource[] = ['inspector', 'hotline', 'citizen', 'import', 'community'];

/**
 * Takes in a report inside the caller's transaction.
 * @example await db.transaction().execute((trx) => intake(trx, deps, input, actor, now));
 */
export async function intake(trx: Kysely<DB>, deps: IntakeDeps, input: ReportInput, actor: Actor, now: number): Promise<IntakeResult> {
  if (input.sourceRef) {
    const prior = await store.getCaseBySourceRef(trx, input.source, input.sourceRef);
    if (prior) return { case: prior, applied: [], duplicates: [], existing: true };
  }
  const cls = getSmallClass(input.category);
  if (!cls) throw invalid('category', `unknown small class ${input.category}`, 'UNKNOWN_CATEGORY');
  const [lon, lat] = toWgs84(input.location.lon, input.location.lat, input.location.crs ?? 'wgs84');
  const chain = deps.geo.locate(lon, lat);
  const deepest = chain[chain.length - 1];
  const place = deepest ? deps.geo.get(deepest.id) : undefined;
  if (!place) throw invalid('location', 'outside every jurisdiction of the city', 'LOCATION_OUTSIDE_CITY');

  const suggested = deps.directory.resolveResponsible(input.category, place.id)?.unit ?? null;
  const target = input.unitId ? deps.centres.unit(input.unitId) : suggested ? deps.centres.unit(suggested.id) : undefined;
  if (input.unitId && !target) throw invalid('unitId', 'no such unit');
  const centre = deps.centres.inCharge(place.path, target?.path ?? null);
  if (!centre) throw invalid('location', 'no operation centre covers this place', 'NO_CENTRE');

  const district = chain.find((j) => j.level === 'district') ?? deepest;
  const day = localDay(now, deps.timeZone);
  const code = await store.nextCaseCode(trx, district?.code ?? 'X', day);
  const r = input.reporter;
  const reporterId =
    r && (r.name || r.phone || r.email || r.note)
      ? await store.insertReporter(trx, {
          id: newId(),
          name: r.name ?? null,
          phone: r.phone ?? null,
          email: r.email ?? null,
          contactNote: r.note ?? null,
          createdAt: now,
        })
      : null;

  const created = newCase(
    {
      id: newId(),
      code,
      source: input.source,
      sourceRef: input.sourceRef ?? null,
      category: input.category,
      urgency: input.urgency ?? 'normal',
      description: input.description,
      location: { lon, lat, address: input.location.address ?? null },
      jurisdictionId: place.id,
      jurisdictionPath: place.path,
      centreId: centre.id,
      centreLevel: centre.level,
      centrePath: centre.path,
      reporterId,
      createdBy: actor.system ? null : actor.id,
    },
    now,
    deps.ctx,
  );
  // Open cases this report may repeat, looked for before the new case is stored (it is not a
  // candidate for itself).
  const proposals = DUPLICATE_CHECKED.includes(input.source) ? await findDuplicates(trx, deps.duplicateSettings, created.case, now) : [];
  const best = proposals[0];
  const autoMerge = best !== undefined && best.confidence >= deps.duplicateSettings.autoMergeConfidence;

  // Filing and dispatching at once are applied to the new case in memory, and the case is stored
  // once in its final state with the timeline of every step: one row written instead of one
  // written and updated twice (each write of a case row rewrites a dozen index entries).
  const steps: TransitionResult[] = [created];
  const dispatchTo = target?.unit ?? null;
  if (!autoMerge && (input.autoDispatch ?? TRUSTED_SOURCES.includes(input.source)) && dispatchTo) {
    const filed = unwrap(
      transition(created.case, { type: 'file', note: 'auto-filed: trusted source · 可信来源自动立案' }, SYSTEM_ACTOR, now, deps.ctx),
    );
    const overridden = suggested !== null && suggested.id !== dispatchTo.id;
    const dispatch: CaseCommand = {
      type: 'dispatch',
      unitId: dispatchTo.id,
      suggestedUnitId: suggested?.id ?? null,
      ...(overridden ? { overrideReason: input.unitReason ?? 'assigned by the source' } : {}),
      note: 'auto-dispatch by the responsibility matrix · 按责任矩阵自动派遣',
    };
    steps.push(filed, unwrap(transition(filed.case, dispatch, SYSTEM_ACTOR, now, deps.ctx)));
  }
  const current = steps[steps.length - 1]!.case;
  await store.insertCase(trx, current);
  const attachments = [...(input.attachments ?? [])];
  const stored = await store.appendEvents(
    trx,
    current.id,
    steps.flatMap((step, i) => (i === 0 ? step.events.map((e) => ({ ...e, attachments })) : step.events)),
    newId,
    0,
  );
  const applied: Applied[] = [];
  let at = 0;
  for (const step of steps) {
    applied.push({ case: step.case, events: stored.slice(at, at + step.events.length) });
    at += step.events.length;
  }
  noteTimelineEnd(current, stored.length);
  await syncTimers(trx, current, null);
  await bindAttachments(trx, input.attachments, current.id);

  for (const p of proposals) {
    const merged = p === best && autoMerge;
    await duplicates.insertProposal(trx, {
      id: newId(),
      caseId: current.id,
      masterId: p.masterId,
      distanceM: p.distanceM,
      ageMs: p.ageMs,
      confidence: p.confidence,
      decision: merged ? 'merged' : 'proposed',
      reason: p.reason.en,
      decidedBy: merged ? 'system' : null,
      decidedAt: merged ? now : null,
      createdAt: now,
    });
  }
  if (best && autoMerge) {
    const merged = await runCommand(
      trx,
      current,
      { type: 'merge', masterId: best.masterId, reason: `${best.reason.zh} · ${best.reason.en}` },
      SYSTEM_ACTOR,
      now,
      deps.ctx,
    );
    applied.push(...merged);
    return { case: merged[0]!.case, applied, duplicates: proposals, existing: false };
  }
  return { case: current, applied, duplicates: proposals, existing: false };
}

/** The last local day computed: its start and end (epoch ms) and its `yyyyMMdd`. */
let lastDay = { zone: '', from: 0, to: 0, text: '' };

/**
 * The local date of `now` in `zone` as `yyyyMMdd`, for case codes; remembers the day, since time
 * zone arithmetic is costly and most reports of a day share it.
 */
function localDay(now: number, zone: string): string {
  const d = lastDay;
  if (d.zone === zone && now >= d.from && now < d.to) return d.text;
  const t = DateTime.fromMillis(now, { zone });
  const from = t.startOf('day').toMillis();
  lastDay = { zone, from, to: t.plus({ days: 1 }).startOf('day').toMillis(), text: t.toFormat('yyyyMMdd') };
  return lastDay.text;
}

/** Open cases of the same small class near the report, scored. */
async function findDuplicates(trx: Kysely<DB>, settings: DuplicateSettings, c: Case, now: number): Promise<DuplicateProposal[]> {
  const box = searchBox(c.location.lon, c.location.lat, settings.radiusM);
  const open = await store.findOpenNear(trx, { category: c.category, ...box, since: now - settings.windowMs, limit: 50 });
  // Only masters: a case already merged elsewhere is not a candidate.
  return duplicateCandidates(
    { category: c.category, lon: c.location.lon, lat: c.location.lat, at: now },
    open.filter((o) => o.masterId === null),
    settings,
  );
}
