/**
 * The register of application scenarios (应用场景建设情况) and their monthly use figures. A
 * scenario says what it watches twice: in words for the public (`watches`) and in data terms
 * (`ruleIds`, `categories`), so its figures are computed from the platform's own records, not
 * typed in: alerts raised by its rules, cases in its categories closed in the month, and the
 * share of those closed on time (the evaluation's 按期结案率 formula, `rate` in
 * cases/evaluation-model.ts). Pure.
 */
import { rate } from '../../cases/evaluation-model.ts';

/** Where a scenario stands. */
export const SCENARIO_STATUSES = ['planned', 'building', 'online', 'retired'] as const;
/** One status. */
export type ScenarioStatus = (typeof SCENARIO_STATUSES)[number];

/** A scenario's editable fields. */
export interface ScenarioFields {
  slug: string;
  name: string;
  nameEn: string;
  /** The owning department, as the public knows it. */
  department: string;
  status: ScenarioStatus;
  /** `YYYY-MM-DD` or null (not launched yet). */
  launchDate: string | null;
  watches: string;
  watchesEn: string;
  /** Rules whose alerts count as the scenario's. */
  ruleIds: string[];
  /** Case small classes whose closed cases count as the scenario's. */
  categories: string[];
}

/** A scenario of the register as stored. */
export interface ScenarioRecord extends ScenarioFields {
  id: string;
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** One month's use figures of a scenario. */
export interface MonthlyFigures {
  month: string;
  alertsRaised: number;
  casesHandled: number;
  /** Of the cases closed in the month, the share closed with no step overdue; null when none closed. */
  onTimeRate: number | null;
}

/** A scenario as published: its fields, when they last changed, and its figures. */
export type PublishedScenario = { id: string } & ScenarioFields & { updatedAt: number; monthly: MonthlyFigures[] };

/** What the platform recorded in one month, platform-wide, that scenarios draw their figures from. */
export interface MonthData {
  month: string;
  /** Alerts raised per rule id. */
  alertsByRule: ReadonlyMap<string, number>;
  /** Cases closed per category, and of them those closed on time. */
  closedByCategory: ReadonlyMap<string, { closed: number; closedOnTime: number }>;
}

/**
 * A scenario's figures for one month of data.
 * @example figuresOf({ ruleIds: ['r1'], categories: ['E0401'] }, data).alertsRaised
 */
export function figuresOf(s: Pick<ScenarioFields, 'ruleIds' | 'categories'>, data: MonthData): MonthlyFigures {
  let alertsRaised = 0;
  for (const id of new Set(s.ruleIds)) alertsRaised += data.alertsByRule.get(id) ?? 0;
  let closed = 0;
  let onTime = 0;
  for (const c of new Set(s.categories)) {
    const n = data.closedByCategory.get(c);
    closed += n?.closed ?? 0;
    onTime += n?.closedOnTime ?? 0;
  }
  return { month: data.month, alertsRaised, casesHandled: closed, onTimeRate: rate(onTime, closed) };
}

/**
 * The months a scenario has figures for among `months`: from its launch month on; none before
 * it is launched (a planned scenario has nothing to count yet).
 * @example monthsOf({ launchDate: '2026-10-15' }, ['2026-09', '2026-10', '2026-11']) // ['2026-10', '2026-11']
 */
export function monthsOf(s: Pick<ScenarioFields, 'launchDate'>, months: readonly string[]): string[] {
  if (s.launchDate === null) return [];
  const first = s.launchDate.slice(0, 7);
  return months.filter((m) => m >= first);
}

/**
 * The published form of a scenario with its figures over `data` (oldest month first).
 * @example publish(record, [novemberData])
 */
export function publish(s: ScenarioRecord, data: readonly MonthData[]): PublishedScenario {
  const wanted = new Set(
    monthsOf(
      s,
      data.map((d) => d.month),
    ),
  );
  return {
    id: s.id,
    ...fieldsOf(s),
    updatedAt: s.updatedAt,
    monthly: data.filter((d) => wanted.has(d.month)).map((d) => figuresOf(s, d)),
  };
}

/** The fields of a scenario, for revisions and snapshots (a fixed key order, so serialisations compare). */
export function fieldsOf(s: ScenarioFields): ScenarioFields {
  return {
    slug: s.slug,
    name: s.name,
    nameEn: s.nameEn,
    department: s.department,
    status: s.status,
    launchDate: s.launchDate,
    watches: s.watches,
    watchesEn: s.watchesEn,
    ruleIds: [...s.ruleIds],
    categories: [...s.categories],
  };
}
