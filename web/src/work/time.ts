/**
 * Dates typed into forms, read as the city's time (Asia/Shanghai, UTC+8 all year: no daylight
 * saving), wherever the browser is — the same zone the app shows times in. Pure.
 */

/** The city's offset from UTC, ms (Asia/Shanghai). */
export const CITY_OFFSET_MS = 8 * 3_600_000;

/**
 * `2026-11-30T09:00` (a datetime-local value) or `2026-11-30` (a date, read at `dayTime`) as
 * epoch ms in the city's time; null when it is not such a value.
 * @example cityInputToMs('2026-11-30T09:00') // Date.UTC(2026, 10, 30, 1, 0)
 */
export function cityInputToMs(value: string, dayTime = '09:00'): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m;
  const [dh, dm] = dayTime.split(':').map(Number);
  const ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    h === undefined ? (dh ?? 9) : Number(h),
    mi === undefined ? (dm ?? 0) : Number(mi),
  );
  if (!Number.isFinite(ms)) return null;
  // Reject 2026-02-31 and the like: the fields must read back unchanged.
  const back = new Date(ms);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return null;
  return ms - CITY_OFFSET_MS;
}

/** Epoch ms as a datetime-local value in the city's time, e.g. for a field's `min`. */
export function msToCityInput(ms: number): string {
  return new Date(ms + CITY_OFFSET_MS).toISOString().slice(0, 16);
}

/** Epoch ms as a date value (`2026-11-30`) in the city's time. */
export function msToCityDate(ms: number): string {
  return msToCityInput(ms).slice(0, 10);
}
