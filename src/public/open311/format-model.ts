/**
 * What every Open311 GeoReport v2 answer shares: the two formats and their content types, and
 * times as ISO-8601 with the city's offset (the spec requires an offset or Z; citizens read
 * local time, so `+08:00` rather than Z). Pure.
 */
import { DateTime } from 'luxon';

/** The formats a resource is asked for by its extension (`services.json`, `services.xml`). */
export type Open311Format = 'json' | 'xml';

/** Content types of the answers (spec, "Format Support"). */
export const CONTENT_TYPES: Readonly<Record<Open311Format, string>> = Object.freeze({
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
});

/** The MIME types discovery lists for the endpoint. */
export const DISCOVERY_FORMATS = ['text/xml', 'application/json'] as const;

/**
 * The format an extension asks for, or null when it is neither.
 * @example formatOf('JSON') // 'json'
 */
export function formatOf(ext: string | undefined): Open311Format | null {
  const e = (ext ?? '').toLowerCase();
  return e === 'json' || e === 'xml' ? e : null;
}

/**
 * Epoch ms as W3C/ISO-8601 local time with its offset, to the second.
 * @example isoTime(Date.UTC(2026, 10, 27, 2, 0), 'Asia/Shanghai') // '2026-11-27T10:00:00+08:00'
 */
export function isoTime(ms: number, timeZone: string): string {
  return (
    DateTime.fromMillis(ms, { zone: timeZone }).toISO({ suppressMilliseconds: true, includeOffset: true }) ?? new Date(ms).toISOString()
  );
}

/** `isoTime`, passing null through. */
export function isoTimeOrNull(ms: number | null, timeZone: string): string | null {
  return ms === null ? null : isoTime(ms, timeZone);
}

/**
 * Parses a query time: W3C/ISO-8601 (`2010-01-01T00:00:00Z`, with an offset, or a bare date);
 * without an offset it is read in the city's time zone. Null when it is not such a time.
 * @example parseQueryTime('2026-11-27', 'Asia/Shanghai') // Date.UTC(2026, 10, 26, 16)
 */
export function parseQueryTime(s: string, timeZone: string): number | null {
  const t = DateTime.fromISO(s.trim(), { zone: timeZone });
  return t.isValid ? t.toMillis() : null;
}
