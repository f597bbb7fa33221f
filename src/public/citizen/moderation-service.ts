/**
 * The moderation queue: held citizen submissions inside a moderator's jurisdiction, approved
 * (the case is filed then, with the contact as its reporter) or rejected with a reason the
 * citizen sees. Every decision is audited; a submission out of scope answers 404 like a missing
 * one, and a second decision 409.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AuditRecorder } from '../../audit/model.ts';
import type { SubmissionRecord } from './record-model.ts';
import * as store from './store.ts';

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
  fileCase(
    s: SubmissionRecord,
    contact: SubmissionRecord['contact'],
  ): Promise<{ caseId: string; caseCode: string; duplicateOf: string | null }>;
}) {
  const { db } = deps;

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
  };
}
