/**
 * The moderation queue: held citizen submissions inside a moderator's jurisdiction, approved
 * (the case is filed then, with the contact as its reporter) or rejected with a reason the
 * citizen sees. Every decision is audited; a submission out of scope answers 404 like a missing
 * one, and a second decision 409. What nobody decides within the held period is rejected by the
 * scheduler as not moderated in time, and its contact deleted (`expireHeld`).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AuditRecorder } from '../../audit/model.ts';
import type { SubmissionRecord } from './record-model.ts';
import { startPeriodic, type Periodic } from '../../platform/periodic.ts';
import * as store from './store.ts';

/** Held submissions expired per query page. */
const EXPIRY_PAGE = 200;
const DAY = 86_400_000;

/** The reason an expired submission shows its citizen. */
export function expiryReason(days: number): string {
  return `${days} 天内未完成审核，已关闭并删除联系方式；如问题仍在，请重新反映 · Not moderated within ${days} days: closed and the contact deleted; please report again if the problem remains`;
}

/** Who decides. */
export interface Moderator {
  userId: string;
  username: string;
  scopePath: string;
}

/** A held submission as the moderator sees it (the contact is not shown: it is not needed to judge the text). */
export interface HeldSubmission {
  id: string;
  state: SubmissionRecord['state'];
  channel: SubmissionRecord['channel'];
  category: string;
  description: string;
  address: string | null;
  lon: number;
  lat: number;
  flags: string[];
  reason: string | null;
  photos: string[];
  jurisdictionPath: string;
  createdAt: number;
  caseCode: string | null;
}

function held(s: SubmissionRecord): HeldSubmission {
  return {
    id: s.id,
    state: s.state,
    channel: s.channel,
    category: s.category,
    description: s.description,
    address: s.address,
    lon: s.wgsLon,
    lat: s.wgsLat,
    flags: s.flags,
    reason: s.reason,
    photos: s.photos,
    jurisdictionPath: s.jurisdictionPath,
    createdAt: s.createdAt,
    caseCode: s.caseCode,
  };
}

/**
 * Creates the moderation use-cases; `fileCase` is the citizen core's own filing (idempotent by
 * the submission id, so two moderators approving at once file one case).
 * @example const m = createModeration({ db, clock, audit, fileCase }); await m.approve(id, moderator);
 */
export function createModeration(deps: {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditRecorder;
  /** Days a submission stays held before it expires (0: until decided). */
  heldDays: number;
  /** How often the scheduler looks for expired submissions (ms; default an hour). */
  expiryEveryMs?: number;
  onError?: (message: string, e: unknown) => void;
  fileCase(
    s: SubmissionRecord,
    contact: SubmissionRecord['contact'],
  ): Promise<{ caseId: string; caseCode: string; duplicateOf: string | null }>;
}) {
  const { db } = deps;
  const onError = deps.onError ?? ((m: string, e: unknown) => console.error(`moderation: ${m}:`, e));
  let periodic: Periodic | null = null;

  async function inScope(id: string, m: Moderator): Promise<SubmissionRecord> {
    const s = await store.getById(db, id);
    if (!s || !s.jurisdictionPath.startsWith(m.scopePath)) throw notFound('submission', 'SUBMISSION_NOT_FOUND');
    if (s.state !== 'held') throw new AppError(409, 'SUBMISSION_DECIDED', `this submission was ${s.state} already`);
    return s;
  }

  const audit = (m: Moderator, action: string, s: SubmissionRecord, detail: Record<string, unknown>) =>
    deps.audit.record({
      actor: { kind: 'user', userId: m.userId, username: m.username },
      action,
      subject: { kind: 'citizen_submission', id: s.id, path: s.jurisdictionPath },
      detail,
    });

  /**
   * Rejects every submission held longer than the held period, forgetting its contact; each
   * one audited. Returns how many expired (a moderator's decision meanwhile wins).
   */
  async function expireHeld(): Promise<number> {
    if (deps.heldDays <= 0) return 0;
    const now = deps.clock.now();
    const reason = expiryReason(deps.heldDays);
    let expired = 0;
    for (;;) {
      const page = await store.heldBefore(db, now - deps.heldDays * DAY, EXPIRY_PAGE);
      for (const s of page) {
        const at = deps.clock.now();
        const nulls = { caseId: null, caseCode: null, duplicateOf: null };
        if (!(await store.decide(db, s.id, { state: 'rejected', reason, by: 'system:moderation', at, ...nulls }))) continue;
        expired++;
        await deps.audit.record({
          actor: { kind: 'system', name: 'moderation' },
          action: 'citizen.expire',
          subject: { kind: 'citizen_submission', id: s.id, path: s.jurisdictionPath },
          detail: { heldDays: deps.heldDays, flags: s.flags },
        });
      }
      if (page.length < EXPIRY_PAGE) return expired;
    }
  }

  return {
    /** A submission's jurisdiction path (for the route's scope check), or undefined. */
    async pathOf(id: string): Promise<string | undefined> {
      return (await store.getById(db, id))?.jurisdictionPath;
    },
    /** Submissions in a state inside the moderator's scope, oldest first. */
    async list(state: SubmissionRecord['state'], m: Moderator, limit = 100): Promise<HeldSubmission[]> {
      return (await store.listByState(db, state, m.scopePath, Math.min(Math.max(limit, 1), 500))).map(held);
    },
    /** Approves: the case is filed now (through duplicate detection), the held contact becomes its reporter. */
    async approve(id: string, m: Moderator): Promise<{ caseId: string; caseCode: string; duplicateOf: string | null }> {
      const s = await inScope(id, m);
      const filed = await deps.fileCase(s, s.contact);
      const decided = await store.decide(db, s.id, { state: 'accepted', reason: null, by: m.userId, at: deps.clock.now(), ...filed });
      if (!decided) throw new AppError(409, 'SUBMISSION_DECIDED', 'this submission was decided meanwhile');
      await audit(m, 'citizen.approve', s, { caseCode: filed.caseCode, flags: s.flags });
      return filed;
    },
    /** Rejects with a reason the citizen sees; the held contact is forgotten. */
    async reject(id: string, reason: string, m: Moderator): Promise<void> {
      const s = await inScope(id, m);
      const decided = await store.decide(db, s.id, {
        state: 'rejected',
        reason,
        by: m.userId,
        at: deps.clock.now(),
        caseId: null,
        caseCode: null,
        duplicateOf: null,
      });
      if (!decided) throw new AppError(409, 'SUBMISSION_DECIDED', 'this submission was decided meanwhile');
      await audit(m, 'citizen.reject', s, { reason, flags: s.flags });
    },
    expireHeld,
    /** Expires held submissions now and then every `expiryEveryMs` (the scheduler role). */
    start(): void {
      const every = deps.expiryEveryMs ?? 3_600_000;
      if (periodic || every <= 0 || deps.heldDays <= 0) return;
      periodic = startPeriodic(expireHeld, every, (e) => onError('expiring held submissions failed', e));
    },
    async stop(): Promise<void> {
      await periodic?.stop();
      periodic = null;
    },
  };
}
