/**
 * Retention (存储期限): check-ins older than the retention period are deleted in bounded batches,
 * oldest first, and each purge that deleted anything is written to the audit log with its count
 * and cutoff. A purge that finds nothing is not audited: the log would fill with empty entries
 * every few minutes and say nothing an auditor needs (the absence of old rows can be checked
 * directly).
 *
 * The delete and its audit entry are separate writes (the audit log is another module's
 * service): if the entry fails the purge has still happened and the error is reported to the
 * caller; the next purge writes its own entry. Purges in one process run one at a time; purges in
 * several scheduler processes delete disjoint rows and each audits what it deleted.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { AuditRecorder } from '../audit/model.ts';
import { retentionCutoff } from './model.ts';
import * as store from './store.ts';

/** What one purge did. */
export interface PurgeResult {
  deleted: number;
  cutoff: number;
}

/** Most batches one purge runs; the rest waits for the next tick, so one tick stays bounded. */
const MAX_BATCHES = 100;

/** The retention purge of check-ins. */
export function createRetention(deps: { db: Kysely<DB>; clock: Clock; audit: AuditRecorder; retentionDays: number; batch: number }) {
  let running: Promise<unknown> = Promise.resolve();

  async function purgeOnce(): Promise<PurgeResult> {
    const now = deps.clock.now();
    const cutoff = retentionCutoff(now, deps.retentionDays);
    let deleted = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const n = await store.purgeBatch(deps.db, cutoff, deps.batch);
      deleted += n;
      if (n < deps.batch) break;
    }
    if (deleted > 0) {
      await deps.audit.record({
        actor: { kind: 'system', name: 'checkin-retention' },
        action: 'checkin.purge',
        subject: { kind: 'checkins', id: null, path: null },
        outcome: 'ok',
        detail: { count: deleted, cutoff, retentionDays: deps.retentionDays },
        at: now,
      });
    }
    return { deleted, cutoff };
  }

  return {
    /** Runs a purge after any in progress. */
    purge(): Promise<PurgeResult> {
      const next = running.then(purgeOnce, purgeOnce);
      running = next.catch(() => undefined);
      return next;
    },
    /** Resolves when no purge is in progress. */
    idle: (): Promise<void> => running.then(() => undefined),
  };
}
