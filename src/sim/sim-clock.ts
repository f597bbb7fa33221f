/**
 * Simulated time. With `--speed S` simulated time runs S times faster than the wall clock, but
 * no timestamp may lie in the future, so the simulation starts in the past and catches up:
 *
 *   sim(w) = min(w, simStart + S · (w − wallStart))
 *
 * A run of duration D starts `(S − 1) · D` back and reaches the present as it ends. The replay
 * is never longer than 12 simulated hours (the longest window of the demo rules): a longer one
 * would start more than 12 hours back, and the platform — which evaluates quiet windows and
 * absences on its own clock, not on event time — would meanwhile see every meter as quiet.
 * After catching up the simulation runs at the speed of the clock (also with `--duration 0`,
 * forever). Pure: no I/O.
 */
import { HOUR, MINUTE } from './sim-model.ts';

/** The longest replay, simulated ms. */
export const MAX_REPLAY_MS = 12 * HOUR;

/** How a run maps wall-clock time to simulated time. */
export interface Timeline {
  wallStart: number;
  speed: number;
  /** Simulated time at `wallStart`. */
  simStart: number;
  /** Wall-clock time the run ends, or null (forever). */
  wallEnd: number | null;
  /** Wall-clock time simulated time reaches the present (= wallStart at speed 1). */
  caughtUpAt: number;
}

/**
 * Plans the timeline of a run starting now.
 * @example planTimeline(now, 72, 10 * 60_000) // simStart 11 h 50 min before now; caught up at the end
 */
export function planTimeline(wallStart: number, speed: number, durationMs: number): Timeline {
  if (!(speed >= 1) || !Number.isFinite(speed)) throw new Error('speed must be a number ≥ 1');
  if (!(durationMs >= 0)) throw new Error('duration must be ≥ 0');
  const wallEnd = durationMs > 0 ? wallStart + durationMs : null;
  const span = wallEnd === null ? Infinity : speed * durationMs;
  // The simulated span until the present: the whole run, at most MAX_REPLAY_MS.
  const replay = Math.min(span, MAX_REPLAY_MS);
  const back = speed === 1 ? 0 : Math.round((replay * (speed - 1)) / speed);
  return {
    wallStart,
    speed,
    simStart: wallStart - back,
    wallEnd,
    caughtUpAt: wallStart + (speed === 1 ? 0 : Math.round(back / (speed - 1))),
  };
}

/**
 * Simulated time at wall-clock time `wall` (never after `wall`).
 * @example simTimeAt(timeline, Date.now())
 */
export function simTimeAt(t: Timeline, wall: number): number {
  const w = t.wallEnd === null ? wall : Math.min(wall, t.wallEnd);
  return Math.min(w, t.simStart + Math.round(t.speed * (w - t.wallStart)));
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: MINUTE, h: HOUR, d: 24 * HOUR };

/**
 * Parses a duration: `0` (forever), a number of seconds, or `90s`, `10m`, `1h30m`, `2d`.
 * Returns ms, or null when it is not one.
 * @example parseDuration('10m') // 600000
 */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(s)) return null;
  let ms = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) ms += Number(m[1]) * (UNITS[m[2] ?? ''] ?? NaN);
  return Number.isFinite(ms) ? Math.round(ms) : null;
}

/**
 * A duration for people: `45 s`, `12 min`, `11 h 50 min`.
 * @example formatSpan(42_600_000) // '11 h 50 min'
 */
export function formatSpan(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  const min = Math.round(ms / MINUTE);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}
