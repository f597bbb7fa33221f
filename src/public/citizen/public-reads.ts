/**
 * The public reads of the citizen core: a case as the public sees it (no personal data; staff
 * text replaced by the category), lists by ids, place or filters, the citizen-facing history, and
 * the submission behind a follow token. Reads are the platform's own (not scoped): what a public
 * answer may hold is decided by the view model.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { FINAL_STATES, OPEN_STATES, type Case } from '../../cases/case-types.ts';
import type { PublicReport, PublicReportQuery, PublicStatusUpdate } from './model.ts';
import { boxAround, CITIZEN_ACTOR, distanceM, tokenHash, type SubmissionRecord } from './record-model.ts';
import { publicStatus, toHistory, toPublicReport } from './view-model.ts';
import type { CasesService } from '../../cases/service.ts';
import * as store from './store.ts';

/** Most reports one list answers (Open311's GeoReport v2 default ceiling). */
const MAX_LIST = 1000;

/** How far back the nearby search looks (older open reports are still shown when asked by id). */
const NEARBY_WINDOW_MS = 90 * 86_400_000;

/** The parts of the cases service the reads use. */
export type ReadCases = Pick<CasesService, 'get' | 'list' | 'timeline'>;

/** What the reads need. */
export interface PublicReadDeps {
  db: Kysely<DB>;
  cases: ReadCases;
  clock: Clock;
  categoryName(code: string): string;
  unitName(id: string): string | null;
}

/**
 * Creates the reads.
 * @example const reads = createPublicReads({ db, cases, clock, categoryName, unitName }); await reads.view(caseId);
 */
export function createPublicReads(deps: PublicReadDeps) {
  const { db } = deps;

  /** The case, read as the platform (public reads are not scoped), or undefined. */
  async function caseOf(idOrCode: string): Promise<Case | undefined> {
    try {
      return await deps.cases.get(idOrCode, CITIZEN_ACTOR);
    } catch (e) {
      if (e instanceof AppError && e.status === 404) return undefined;
      throw e;
    }
  }

  async function present(c: Case, submission: SubmissionRecord | undefined, token: string | null): Promise<PublicReport> {
    const master = c.masterId ? await caseOf(c.masterId) : undefined;
    return toPublicReport(c, {
      submission,
      categoryName: deps.categoryName(c.category),
      agency: c.unitId ? deps.unitName(c.unitId) : null,
      masterCode: master?.code ?? null,
      token,
    });
  }

  async function view(caseId: string): Promise<PublicReport | undefined> {
    const c = await caseOf(caseId);
    if (!c) return undefined;
    return present(c, await store.getByCase(db, c.id), null);
  }

  async function history(caseId: string): Promise<PublicStatusUpdate[]> {
    const c = await caseOf(caseId);
    if (!c) return [];
    return toHistory(await deps.cases.timeline(c.id, CITIZEN_ACTOR));
  }

  async function list(q: PublicReportQuery): Promise<PublicReport[]> {
    const limit = Math.min(Math.max(q.limit ?? 50, 1), MAX_LIST);
    let cases: Case[];
    if (q.ids && q.ids.length > 0) {
      cases = (await Promise.all(q.ids.slice(0, MAX_LIST).map(caseOf))).filter((c): c is Case => c !== undefined);
    } else if (q.near) {
      // Nearby: citizen reports around the point (the portal's "before you report" look).
      const box = boxAround(q.near.lon, q.near.lat, q.near.radiusM);
      const category = q.categories?.length === 1 ? q.categories[0] : undefined;
      const near = await store.listNear(db, {
        ...box,
        since: deps.clock.now() - NEARBY_WINDOW_MS,
        ...(category ? { category } : {}),
        limit: 500,
      });
      const ids = [
        ...new Set(near.filter((s) => distanceM(q.near!.lon, q.near!.lat, s.wgsLon, s.wgsLat) <= q.near!.radiusM).map((s) => s.caseId!)),
      ];
      cases = (await Promise.all(ids.map(caseOf))).filter((c): c is Case => c !== undefined);
    } else {
      // One query per category asked for (the store filters one category at a time), states by status.
      const categories = q.categories && q.categories.length > 0 ? q.categories.slice(0, 50) : [undefined];
      const states = q.status === 'open' ? [...OPEN_STATES] : q.status === 'closed' ? [...FINAL_STATES] : undefined;
      // Newest first, page by page (the cases list answers at most 500 at a time) until `limit`.
      const upTo = async (category: string | undefined): Promise<Case[]> => {
        const out: Case[] = [];
        let cursor: string | undefined;
        do {
          const page = await deps.cases.list(
            {
              limit: Math.min(500, limit - out.length),
              ...(category ? { category } : {}),
              ...(states ? { states } : {}),
              ...(q.from !== undefined ? { reportedFrom: q.from } : {}),
              ...(q.to !== undefined ? { reportedTo: q.to } : {}),
              ...(cursor ? { cursor } : {}),
            },
            CITIZEN_ACTOR,
          );
          out.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor && out.length < limit);
        return out;
      };
      cases = (await Promise.all(categories.map(upTo))).flat();
    }
    const wanted = cases.filter(
      (c) =>
        (!q.categories || q.categories.length === 0 || q.categories.includes(c.category)) &&
        (q.from === undefined || c.reportedAt >= q.from) &&
        (q.to === undefined || c.reportedAt < q.to) &&
        (!q.status || publicStatus(c.state) === q.status),
    );
    wanted.sort((a, b) => (q.order === 'oldest' ? a.reportedAt - b.reportedAt : b.reportedAt - a.reportedAt) || a.id.localeCompare(b.id));
    const page = wanted.slice(0, limit);
    const subs = new Map(
      (
        await store.listByCases(
          db,
          page.map((c) => c.id),
        )
      ).map((s) => [s.caseId!, s]),
    );
    return Promise.all(page.map((c) => present(c, subs.get(c.id), null)));
  }

  /** The submission behind a token with its case's view and history (held: no case yet). */
  async function follow(token: string) {
    const s = await store.getByTokenHash(db, tokenHash(token));
    if (!s) return undefined;
    const c = s.caseId ? await caseOf(s.caseId) : undefined;
    const report = c ? await present(c, s, token) : null;
    const updates = c ? toHistory(await deps.cases.timeline(c.id, CITIZEN_ACTOR)) : [];
    return {
      submission: { id: s.id, state: s.state, reason: s.reason, category: s.category, createdAt: s.createdAt },
      report,
      history: updates,
    };
  }

  return { caseOf, present, view, history, list, follow };
}
