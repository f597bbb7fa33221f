/**
 * What the live feed sends to screens: a compact line per alert or case event, holding what a
 * feed line and a map marker need and nothing else (no history, no actions, no reporter), so a
 * browser can take 1,000 of them a second. Pure: built from the bus contracts of the alerts and
 * cases modules.
 */
import type { AlertEvent, AlertEventType } from '../alerts/event-model.ts';
import type { AlertState } from '../alerts/model.ts';
import type { CaseBusEvent, CaseState } from '../cases/case-types.ts';
import type { WarningLevel } from '../rules/signal-model.ts';

/** Longest message or description carried; a feed line shows less, the detail view fetches the rest. */
export const MAX_TEXT = 160;

/** Fields of every live event. */
interface LiveBase {
  /** The bus event id (alert history entry or case timeline entry): stable across re-publication; the SSE `id:`. */
  id: string;
  /** Jurisdiction path of the place (`/city/district/street/…/`): what scope filters test. */
  path: string;
  /** When it happened (event time, epoch ms). */
  at: number;
  /** WGS-84 longitude and latitude of the marker, or null when the event has no place. */
  lon: number | null;
  lat: number | null;
  /** Small class code of the case catalogue, if known. */
  category: string | null;
}

/** An alert changed: raised, level changed, acknowledged, cleared or closed. */
export interface LiveAlert extends LiveBase {
  kind: 'alert';
  type: AlertEventType;
  alertId: string;
  level: WarningLevel;
  state: AlertState;
  message: string;
}

/** A case moved in the loop (one per timeline entry). */
export interface LiveCase extends LiveBase {
  kind: 'case';
  type: CaseBusEvent['type'];
  caseId: string;
  /** Human code, e.g. `310101-20261127-0042`. */
  code: string;
  state: CaseState;
  urgency: string;
  /** The case description, shortened to {@link MAX_TEXT}. */
  message: string;
  /** Due time of the running step, or null when no step runs. */
  dueAt: number | null;
}

/** One event of the live feed. */
export type LiveEvent = LiveAlert | LiveCase;

/** The SSE event names the feed uses. */
export type LiveEventName = LiveEvent['kind'] | 'batch' | 'kpi' | 'resync';

/** Cuts text to `max` characters (by code point, so no half surrogate pair), marking the cut. */
export function shorten(text: string, max = MAX_TEXT): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The live line of an alert event.
 * @example liveAlert(event).level; // 'red'
 */
export function liveAlert(e: AlertEvent): LiveAlert {
  const a = e.alert;
  return {
    kind: 'alert',
    id: e.eventId,
    type: e.type,
    alertId: a.id,
    level: e.entry.level,
    state: a.state,
    category: a.category,
    message: shorten(a.message),
    lon: a.location?.[0] ?? null,
    lat: a.location?.[1] ?? null,
    path: a.jurisdictionPath,
    at: e.entry.at,
  };
}

/**
 * The live line of a case event.
 * @example liveCase(event).state; // 'dispatched'
 */
export function liveCase(e: CaseBusEvent): LiveCase {
  const c = e.case;
  return {
    kind: 'case',
    id: e.eventId,
    type: e.type,
    caseId: c.id,
    code: c.code,
    state: c.state,
    category: c.category,
    urgency: c.urgency,
    message: shorten(c.description),
    lon: c.location.lon,
    lat: c.location.lat,
    path: c.jurisdictionPath,
    at: e.entry.at,
    dueAt: c.step?.dueAt ?? null,
  };
}

/** True for values shaped like an alert event (the bus carries `unknown`). */
export function isAlertEvent(x: unknown): x is AlertEvent {
  const e = x as Partial<AlertEvent> | null;
  return typeof e?.eventId === 'string' && typeof e.alert?.id === 'string' && typeof e.entry?.at === 'number';
}

/** True for values shaped like a case bus event. */
export function isCaseEvent(x: unknown): x is CaseBusEvent {
  const e = x as Partial<CaseBusEvent> | null;
  return typeof e?.eventId === 'string' && typeof e.case?.id === 'string' && typeof e.entry?.at === 'number';
}
