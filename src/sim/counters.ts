/**
 * What a simulation has sent and what the platform made of it, and the progress line built
 * from it. Pure: no I/O (the command writes the line).
 */
import { HOUR } from './sim-model.ts';

/** Running totals. Readings are counted per metric value, as the platform counts them. */
export interface Counters {
  /** Metric values sent (readings and heartbeats). */
  sent: number;
  /** Accepted by the platform (duplicates included). */
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Values that never got an answer (request failed, no acknowledgement). */
  failed: number;
  detectionsSent: number;
  detectionsAccepted: number;
  detectionsRejected: number;
  /** Rejections by reason. */
  byReason: Record<string, number>;
  /** The last sending error, for the progress line and the summary. */
  lastError: string | null;
  /** Simulated time reached. */
  simTime: number;
}

/** Fresh counters. */
export function newCounters(simTime: number): Counters {
  return {
    sent: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    failed: 0,
    detectionsSent: 0,
    detectionsAccepted: 0,
    detectionsRejected: 0,
    byReason: {},
    lastError: null,
    simTime,
  };
}

/** Adds rejections to the reason counts. */
export function countReasons(c: Counters, reasons: Iterable<string>): void {
  for (const r of reasons) c.byReason[r] = (c.byReason[r] ?? 0) + 1;
}

const nf = new Intl.NumberFormat('en-US');

/**
 * A time as Shanghai local `YYYY-MM-DD HH:mm`.
 * @example shanghaiTime(Date.UTC(2026, 10, 27, 1, 5)) // '2026-11-27 09:05'
 */
export function shanghaiTime(ts: number): string {
  return new Date(ts + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
}

/** A progress snapshot: counters, rate and the phase of the run. */
export interface ProgressSnapshot {
  counters: Counters;
  /** Metric values sent per wall-clock second, lately. */
  rate: number;
  speed: number;
  /** Simulated time still behind the clock (replaying). */
  replaying: boolean;
  /** The platform counts MQTT acceptance; the figures come from its statistics. */
  viaPlatformStats: boolean;
}

/**
 * The progress line.
 * @example formatProgress(snapshot) // 'sim 2026-11-27 09:05 ×72 replaying · sent 12,345 · accepted 12,300 · rejected 45 · 1,234/s · detections 3/3'
 */
export function formatProgress(p: ProgressSnapshot): string {
  const c = p.counters;
  const parts = [
    `sim ${shanghaiTime(c.simTime)}${p.speed !== 1 ? ` ×${p.speed}${p.replaying ? ' replaying' : ''}` : ''}`,
    `sent ${nf.format(c.sent)}`,
    `accepted ${nf.format(c.accepted)}${p.viaPlatformStats ? '*' : ''}`,
    `rejected ${nf.format(c.rejected)}`,
    `${nf.format(Math.round(p.rate))}/s`,
  ];
  if (c.detectionsSent > 0) parts.push(`detections ${nf.format(c.detectionsAccepted)}/${nf.format(c.detectionsSent)}`);
  if (c.failed > 0) parts.push(`failed ${nf.format(c.failed)}`);
  return parts.join(' · ');
}

/**
 * The summary lines at the end of a run.
 * @example formatSummary(counters, 60_000).forEach((l) => console.error(l));
 */
export function formatSummary(c: Counters, wallMs: number): string[] {
  const secs = Math.max(wallMs / 1000, 0.001);
  const lines = [
    `sent ${nf.format(c.sent)} readings in ${nf.format(Math.round(secs))} s (${nf.format(Math.round(c.sent / secs))}/s): ` +
      `${nf.format(c.accepted)} accepted (${nf.format(c.duplicates)} already stored), ${nf.format(c.rejected)} rejected` +
      (c.failed > 0 ? `, ${nf.format(c.failed)} not delivered` : ''),
    `detections: ${nf.format(c.detectionsSent)} sent, ${nf.format(c.detectionsAccepted)} accepted, ${nf.format(c.detectionsRejected)} rejected`,
  ];
  const reasons = Object.entries(c.byReason).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) lines.push(`rejections by reason: ${reasons.map(([r, n]) => `${r} ${nf.format(n)}`).join(', ')}`);
  if (c.lastError) lines.push(`last error: ${c.lastError}`);
  return lines;
}
