/**
 * Listing alerts: the filters the API takes and the opaque cursor that pages through them,
 * newest raise first. Pure.
 */
import type { WarningLevel } from '../rules/signal-model.ts';
import type { AlertState } from './alert-record.ts';

/** Where the next page starts: after this (raisedAt, id) in descending order. */
export interface AlertCursor {
  raisedAt: number;
  id: string;
}

/** A list request after validation. */
export interface AlertListQuery {
  /** The caller's scope: only alerts in this subtree. */
  scopePath: string;
  /** Narrower subtree asked for (already checked to lie within the scope), or null. */
  jurisdictionPath: string | null;
  levels: WarningLevel[];
  states: AlertState[];
  ruleId: string | null;
  /** Only alerts raised at or after this time (epoch ms). */
  since: number | null;
  cursor: AlertCursor | null;
  limit: number;
}

/** A page of results and the cursor of the next one (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Encodes a cursor as an opaque URL-safe string.
 * @example decodeCursor(encodeCursor({ raisedAt: 1, id: 'a' })); // { raisedAt: 1, id: 'a' }
 */
export function encodeCursor(c: AlertCursor): string {
  return Buffer.from(`${c.raisedAt}.${c.id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor; null when it is not one this API made. */
export function decodeCursor(s: string): AlertCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(s)) return null;
  const text = Buffer.from(s, 'base64url').toString('utf8');
  const m = /^(-?\d{1,16})\.([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (!m) return null;
  const raisedAt = Number(m[1]);
  return Number.isSafeInteger(raisedAt) ? { raisedAt, id: m[2]! } : null;
}

/** A LIKE pattern matching every path that starts with `prefix` (wildcards in it escaped with `\`). */
export function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
