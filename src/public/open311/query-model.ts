/**
 * GET requests' filters as the spec defines them, read into the citizen core's query:
 * `service_request_id` (comma list) overrides every other argument; `service_code` and
 * `status` are comma lists; `start_date`/`end_date` bound the requested time and may not span
 * more than 90 days; without them the last 90 days; at most 1,000 requests. Pure.
 */
import type { PublicReportQuery, PublicStatus } from '../citizen/model.ts';
import { parseQueryTime } from './format-model.ts';

/** The spec's default and largest window. */
export const WINDOW_MS = 90 * 86_400_000;
/** The spec's default (and our largest) number of requests in one answer. */
export const MAX_REQUESTS = 1000;
/** Most ids one service_request_id list may name. */
export const MAX_IDS = 1000;

/** Query parameters as sent (each a string; repeated ones as arrays). */
export type RawQuery = Record<string, string | string[] | undefined>;

/** The first value of a parameter, trimmed; empty counts as absent (spec, Optional Arguments). */
export function param(q: RawQuery, name: string): string | undefined {
  const v = q[name];
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s === undefined || s === '' ? undefined : s;
}

/** A comma list (possibly declared several times), without empties. */
export function commaList(q: RawQuery, name: string): string[] {
  const v = q[name];
  const all = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return all
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The time window of a query: both bounds, one (the other 90 days away) or neither (the 90
 * days up to now). Problems name the parameter.
 * @example timeWindow({}, Date.UTC(2026, 10, 27), 'Asia/Shanghai') // { from: now - 90 d, to: now }
 */
export function timeWindow(q: RawQuery, now: number, timeZone: string): { from: number; to: number } | { problems: string[] } {
  const problems: string[] = [];
  const read = (name: string): number | undefined => {
    const s = param(q, name);
    if (s === undefined) return undefined;
    const t = parseQueryTime(s, timeZone);
    if (t === null) problems.push(`${name} must be a W3C date and time, e.g. 2026-11-01T00:00:00+08:00`);
    return t ?? undefined;
  };
  const start = read('start_date');
  const end = read('end_date');
  if (problems.length > 0) return { problems };
  if (start !== undefined && end !== undefined) {
    if (end < start) return { problems: ['end_date must not be before start_date'] };
    if (end - start > WINDOW_MS) return { problems: ['start_date and end_date may not span more than 90 days'] };
    return { from: start, to: end };
  }
  if (start !== undefined) return { from: start, to: start + WINDOW_MS };
  if (end !== undefined) return { from: end - WINDOW_MS, to: end };
  return { from: now - WINDOW_MS, to: now };
}

/**
 * The citizen core's query for GET requests, or the problems to answer 400 with.
 * @example requestsQuery({ status: 'open' }, now, 'Asia/Shanghai') // { ok: true, query: { status: 'open', from, to, limit: 1000, … } }
 */
export function requestsQuery(
  q: RawQuery,
  now: number,
  timeZone: string,
): { ok: true; query: PublicReportQuery } | { ok: false; problems: string[] } {
  const ids = commaList(q, 'service_request_id');
  if (ids.length > MAX_IDS) return { ok: false, problems: [`service_request_id names more than ${MAX_IDS} requests`] };
  // "This overrides all other arguments."
  if (ids.length > 0) return { ok: true, query: { ids, limit: MAX_REQUESTS, order: 'newest' } };
  const statuses = commaList(q, 'status');
  const bad = statuses.find((s) => s !== 'open' && s !== 'closed');
  if (bad !== undefined) return { ok: false, problems: [`status "${bad}" is neither open nor closed`] };
  const window = timeWindow(q, now, timeZone);
  if ('problems' in window) return { ok: false, problems: window.problems };
  const codes = commaList(q, 'service_code');
  const distinct = [...new Set(statuses)] as PublicStatus[];
  return {
    ok: true,
    query: {
      // The citizen core's `to` is exclusive; the spec's end_date includes its own instant.
      from: window.from,
      to: window.to + 1,
      ...(codes.length > 0 ? { categories: codes } : {}),
      ...(distinct.length === 1 ? { status: distinct[0]! } : {}),
      limit: MAX_REQUESTS,
      order: 'newest',
    },
  };
}
