/**
 * What the rules engine tells the alerts module: a rule started or stopped firing for a
 * subject (a device, or a camera's detection target). Pure types shared by `rules/` and `alerts/`.
 */

/** The Chinese four-colour warning levels: 蓝 blue (IV) < 黄 yellow (III) < 橙 orange (II) < 红 red (I). */
export const WARNING_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
/** One warning level. */
export type WarningLevel = (typeof WARNING_LEVELS)[number];

/** Severity rank, 1 (blue) to 4 (red), for comparisons. */
export function levelRank(level: WarningLevel): number {
  return WARNING_LEVELS.indexOf(level) + 1;
}

/** A rule's verdict for one subject at one moment. */
export interface RuleSignal {
  /** `raise` starts (or escalates) the alert; `clear` ends it because the condition passed. */
  kind: 'raise' | 'clear';
  ruleId: string;
  /** What the alert is about: a device id, or `detection:<id>` for one-off detections. */
  subjectKey: string;
  deviceId: string | null;
  level: WarningLevel;
  /** Event time the condition became true (raise) or false (clear), epoch ms. */
  ts: number;
  /** The value that decided it, if any (e.g. the water level, the 12-hour sum). */
  value: number | boolean | null;
  /** Rendered message (from the rule's template), Chinese by default. */
  message: string;
  jurisdictionPath: string;
  jurisdictionId: string | null;
  location: [number, number] | null;
  /** Extra facts for the alert and its policies (detection id, building/floor/unit, household…). */
  details: Record<string, string | number | boolean | null>;
  /** When the triggering input arrived (ms), for reading-to-alert latency. */
  receivedAt: number;
}
