/**
 * Server-sent events on the wire (WHATWG HTML §9.2): `id:`, `event:` and one `data:` line per
 * message, a blank line after each; comments start with `:`. Pure string building.
 *
 * Batching (the choice the feed makes for browsers at 1,000 events/s): by default every flush
 * (≤ 100 ms of events) is ONE message, `event: batch`, whose data is a JSON array of events and
 * whose `id:` is the last event's id. A browser then runs one `message` handler and one
 * JSON.parse per flush (≈ 10 a second) instead of 1,000, and gets a natural unit to render at
 * once; `Last-Event-ID` stays exact because everything up to the batch's last event was in it.
 * `?batch=0` sends one message per event instead (`event: alert` / `event: case`), handy for
 * curl and simple consumers.
 */
import type { RingEntry } from './replay-ring.ts';

/** Reconnection delay the browser is told to use, ms. */
export const RETRY_MS = 3000;

/** One SSE message. `data` must be one line (JSON.stringify output is). */
export function sseMessage(event: string, data: string, id?: string): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${data}\n\n`;
}

/** A comment line (heartbeat): ignored by EventSource, keeps proxies from closing an idle stream. */
export function sseComment(text: string): string {
  return `: ${text}\n\n`;
}

/** The stream's first bytes: the retry delay and a comment, so the browser sees the stream open at once. */
export function sseOpening(): string {
  return `retry: ${RETRY_MS}\n${sseComment('cityops live')}`;
}

/**
 * Events as SSE: one `batch` message (a JSON array, `id:` of the last) or one message per event.
 * @example sseEvents([entry], true); // 'id: …\nevent: batch\ndata: [{…}]\n\n'
 */
export function sseEvents(entries: readonly RingEntry[], batch: boolean): string {
  if (entries.length === 0) return '';
  if (!batch) return entries.map((e) => sseMessage(e.kind, e.json, e.id)).join('');
  return sseMessage('batch', `[${entries.map((e) => e.json).join(',')}]`, entries[entries.length - 1]!.id);
}

/** Why a client must refetch its state: events it was due were dropped or never seen here. */
export type ResyncReason = 'slow' | 'unknown_last_event_id' | 'since_too_old';

/** The `resync` message: the client should refetch layers and KPIs, then carry on with the stream. */
export function sseResync(reason: ResyncReason, dropped: number | null): string {
  return sseMessage('resync', JSON.stringify({ reason, dropped }));
}
