/**
 * Case transitions as audit entries, pure: one entry per case event on the bus, keyed by the
 * event id so a redelivered event is logged once. The entry names the case by id and code and
 * says what changed state-wise (from, to, unit) — never the description, the note, the address or
 * the reporter, which may hold personal data.
 */
import type { CaseBusEvent } from '../cases/case-types.ts';
import type { AuditActor, AuditInput } from './model.ts';

/** The dedupe key of a case event's entry. */
export const caseEventKey = (eventId: string): string => `case-event:${eventId}`;

/** The actor id the cases module uses for the platform itself. */
export const CASE_SYSTEM_ACTOR = 'system';

/**
 * The audit entry for a case event; `actor` is who the event names (see {@link CASE_SYSTEM_ACTOR}).
 * @example caseEventEntry(event, { kind: 'user', userId, username })
 */
export function caseEventEntry(event: CaseBusEvent, actor: AuditActor): AuditInput {
  const { entry, case: c } = event;
  const detail: Record<string, unknown> = { eventId: event.eventId, code: c.code, eventSeq: entry.seq, state: c.state };
  if (entry.before.state !== undefined && entry.before.state !== entry.after.state) detail.from = entry.before.state;
  if (entry.after.unitId !== undefined) detail.unitId = entry.after.unitId;
  if (entry.after.centreId !== undefined) detail.centreId = entry.after.centreId;
  return {
    actor,
    action: event.type,
    subject: { kind: 'case', id: c.id, path: c.jurisdictionPath },
    at: entry.at,
    detail,
    dedupeKey: caseEventKey(event.eventId),
  };
}
