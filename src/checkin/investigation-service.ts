/**
 * Epidemic investigation reads (流调溯源) — the only use check-in records may be put to.
 *
 * A read needs an approved, active `epidemic_investigation` grant held by the caller that names
 * the case asked about and covers the place asked about:
 * - by venue (`venueId`): a grant covering that venue (listed, or its jurisdiction subtree);
 *   returns the venue's check-ins in the window asked;
 * - by person (`personKey`): a grant covering the jurisdiction asked (`jurisdictionPath`, by
 *   default the caller's whole scope); returns the person's check-ins at venues in that subtree.
 *   A grant that lists venues does not cover a person query, which would range over others.
 *
 * Answers carry per-query pseudonyms, never the person key or its stored hash. Every read,
 * answered or refused, is written to the audit log before the caller hears back.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { forbidden, invalid, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { AuditInput, AuditRecorder } from '../audit/model.ts';
import { grantCovers, type Grant, type GrantChecker, type GrantQuestion } from '../registry/grant-model.ts';
import type { HealthStatus } from './model.ts';
import { queryPseudonyms } from './person-key.ts';
import * as store from './store.ts';

/** The purpose check-in records serve. */
export const CHECKIN_PURPOSE = 'epidemic_investigation' as const;

/** Most records one answer holds; a larger result says `truncated` (narrow the window). */
export const MAX_INVESTIGATION_RECORDS = 5000;

/** Who is asking. */
export interface Investigator {
  userId: string;
  username: string;
  /** The caller's scope (materialized path). */
  scopePath: string;
}

/** What is asked: one case, a venue or a person, a time window. */
export type InvestigationQuery = { caseId: string; from: number; to: number } & (
  { venueId: string; personKey?: undefined } | { personKey: string; venueId?: undefined; jurisdictionPath?: string }
);

/** One record as an investigator sees it. */
export interface InvestigationRecord {
  /** Pseudonym of the person, the same within this answer only. */
  person: string;
  venueId: string;
  venueName: string;
  at: number;
  healthStatus: HealthStatus;
}

/** The answer. */
export interface Investigation {
  /** Names this read in the audit log. */
  queryId: string;
  caseId: string;
  grantId: string;
  by: 'venue' | 'person';
  from: number;
  to: number;
  records: InvestigationRecord[];
  /** Distinct people among the records. */
  persons: number;
  truncated: boolean;
}

/** The investigation reads. */
export function createInvestigations(deps: {
  db: Kysely<DB>;
  clock: Clock;
  geo: { get(id: string): { path: string } | undefined };
  audit: AuditRecorder;
  grants: GrantChecker;
  /** A person key's stored hash under every data key (check-ins from before a rotation too). */
  hashes(personKey: string): string[];
}) {
  return {
    async run(who: Investigator, q: InvestigationQuery): Promise<Investigation> {
      if (!(q.from < q.to)) throw invalid('query.to', 'must be after from');
      const now = deps.clock.now();
      const queryId = newId();
      const byVenue = q.venueId !== undefined;
      const venue = byVenue ? await store.getVenue(deps.db, q.venueId) : undefined;
      if (byVenue && !venue) throw notFound('venue', 'VENUE_NOT_FOUND');
      const path = venue?.jurisdictionPath ?? (q.personKey !== undefined ? (q.jurisdictionPath ?? who.scopePath) : who.scopePath);
      const question: GrantQuestion = {
        userId: who.userId,
        purpose: CHECKIN_PURPOSE,
        subjectKind: 'checkin',
        subjectId: venue?.id ?? null,
        path,
        caseId: q.caseId,
      };
      const found = await deps.grants.find(question, now);
      // Checked again here, whoever answered: the grant must be in force, the caller's, for this
      // purpose and place, and name this very case (a grant naming no case would serve any).
      const grant: Grant | null = found && found.caseId === q.caseId && grantCovers(found, question, now) ? found : null;
      const entry = (outcome: 'ok' | 'denied', detail: Record<string, unknown>): AuditInput => ({
        actor: { kind: 'user', userId: who.userId, username: who.username },
        action: 'checkin.query',
        subject: venue ? { kind: 'venue', id: venue.id, path } : { kind: 'checkins', id: null, path },
        purpose: CHECKIN_PURPOSE,
        grantId: grant?.id ?? null,
        outcome,
        detail: { queryId, caseId: q.caseId, by: byVenue ? 'venue' : 'person', from: q.from, to: q.to, ...detail },
        at: now,
      });
      if (!grant) {
        await deps.audit.record(entry('denied', { reason: 'no active epidemic_investigation grant for this case and place' }));
        throw forbidden(
          'an approved, active epidemic_investigation grant naming this case and covering this place is needed',
          'GRANT_REQUIRED',
        );
      }
      const window = { from: q.from, to: q.to, limit: MAX_INVESTIGATION_RECORDS + 1 };
      const rows = venue
        ? await store.checkinsAtVenue(deps.db, { venueId: venue.id, ...window })
        : await store.checkinsOfPerson(deps.db, { personHashes: deps.hashes(q.personKey!), scopePath: path, ...window });
      const truncated = rows.length > MAX_INVESTIGATION_RECORDS;
      if (truncated) rows.pop();
      const pseudonym = queryPseudonyms();
      const records = rows.map((r) => ({
        person: pseudonym(r.personHash),
        venueId: r.venueId,
        venueName: r.venueName,
        at: r.at,
        healthStatus: r.status,
      }));
      const persons = new Set(rows.map((r) => r.personHash)).size;
      await deps.audit.record(entry('ok', { records: records.length, persons, truncated }));
      return {
        queryId,
        caseId: q.caseId,
        grantId: grant.id,
        by: byVenue ? 'venue' : 'person',
        from: q.from,
        to: q.to,
        records,
        persons,
        truncated,
      };
    },
  };
}
