/**
 * The scenario routes' schemas (zod): a scenario as admins send it and as the public reads it,
 * the snapshot list and the freeze request.
 */
import { z } from 'zod';
import { DateTime } from 'luxon';
import { SCENARIO_STATUSES } from './model.ts';
import { MONTH_PATTERN } from './month-model.ts';

/** Who edits the register and freezes months (at the city's scope). */
export const REGISTER_EDITORS = ['admin'] as const;

export const Month = z.string().regex(MONTH_PATTERN, 'a month as YYYY-MM');

const LaunchDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => DateTime.fromISO(s).isValid, 'not a calendar date');

const Text = (max: number) => z.string().trim().min(1).max(max);

const Slug = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens');
const RuleIds = z.array(z.string().min(1).max(64)).max(50);
const Categories = z.array(z.string().regex(/^[A-Z]\d{4}$/, 'a small-class code such as E0401')).max(100);

/** Every field of a scenario, none defaulted (so a partial edit leaves out what it does not name). */
const Fields = z.strictObject({
  slug: Slug,
  name: Text(100),
  nameEn: Text(200),
  department: Text(200),
  status: z.enum(SCENARIO_STATUSES),
  launchDate: LaunchDate.nullable(),
  watches: Text(1000),
  watchesEn: Text(2000),
  ruleIds: RuleIds,
  categories: Categories,
});

/** The fields of a scenario as an admin sends them (no rules or categories: none yet). */
export const ScenarioBody = Fields.extend({ ruleIds: RuleIds.default([]), categories: Categories.default([]) });

/** A partial edit, with the version it was made against (optional: 409 if the scenario moved on). */
export const ScenarioPatch = z.strictObject({
  ...Fields.partial().shape,
  version: z.number().int().positive().optional(),
});

const Monthly = z.object({ month: z.string(), alertsRaised: z.number(), casesHandled: z.number(), onTimeRate: z.number().nullable() });

/** A scenario as published. */
export const ScenarioOut = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  nameEn: z.string(),
  department: z.string(),
  status: z.enum(SCENARIO_STATUSES),
  launchDate: z.string().nullable(),
  watches: z.string(),
  watchesEn: z.string(),
  ruleIds: z.array(z.string()),
  categories: z.array(z.string()),
  updatedAt: z.number(),
  monthly: z.array(Monthly),
});

/** A scenario as an admin sees it after an edit (with its version, without figures). */
export const ScenarioRecordOut = ScenarioOut.omit({ monthly: true }).extend({ createdAt: z.number(), version: z.number() });

export const SnapshotHeadOut = z.object({
  month: z.string(),
  frozenAt: z.number(),
  sha256: z.string(),
  previousSha256: z.string().nullable(),
});

export const VerifyOut = z.object({
  ok: z.boolean(),
  checked: z.number(),
  problems: z.array(z.object({ month: z.string(), problem: z.enum(['altered', 'relinked', 'missing']), detail: z.string() })),
});
