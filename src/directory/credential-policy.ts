/**
 * When a password has expired and whether a session proved its password recently enough for an
 * admin action (等保 2.0 identity authentication): pure functions over epoch milliseconds.
 */

/** How many earlier passwords a new one may not repeat (besides the current one). */
export const PASSWORD_HISTORY_SIZE = 5;

/** Days → ms; 0 stays 0 (never expires). */
export function daysToMs(days: number): number {
  return days * 24 * 3600_000;
}

/**
 * Whether a password set at `changedAt` has expired at `now`; `maxAgeMs` 0 means never.
 * @example passwordExpired(0, daysToMs(90), daysToMs(90)) // true
 */
export function passwordExpired(changedAt: number, now: number, maxAgeMs: number): boolean {
  return maxAgeMs > 0 && now - changedAt >= maxAgeMs;
}

/**
 * Whether a session that last proved its password at `reauthAt` may still do admin actions at
 * `now` (`null`: never proved in this session, e.g. sessions from before re-authentication).
 * @example recentlyAuthenticated(1_000, 60_000, 300_000) // true
 */
export function recentlyAuthenticated(reauthAt: number | null, now: number, windowMs: number): boolean {
  return reauthAt !== null && reauthAt <= now && now - reauthAt < windowMs;
}
