/** The zod schemas of the alerts API (request parsing and response shapes, also the OpenAPI). */
import { z } from 'zod';
import { WARNING_LEVELS } from '../rules/signal-model.ts';
import { ALERT_STATES } from './alert-record.ts';
import { COMMUNITY_TASKS, URGENCY_CHOICES } from './policy-model.ts';

/** An id or code in a path or query. */
export const Id = z.string().min(1).max(64);
const Level = z.enum(WARNING_LEVELS);
const Urgency = z.enum(['urgent', 'high', 'normal']);
const Value = z.union([z.number(), z.boolean()]).nullable();

/** An alert as the API shows it. */
export const AlertOut = z.object({
  id: z.string(),
  ruleId: z.string(),
  subjectKey: z.string(),
  deviceId: z.string().nullable(),
  level: Level,
  state: z.enum(ALERT_STATES),
  category: z.string().nullable(),
  message: z.string(),
  value: Value,
  jurisdictionPath: z.string(),
  jurisdictionId: z.string().nullable(),
  location: z.tuple([z.number(), z.number()]).nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  raisedAt: z.number(),
  updatedAt: z.number(),
  lastSignalTs: z.number(),
  receivedAt: z.number(),
  acknowledgedAt: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  endedAt: z.number().nullable(),
  endedBy: z.string().nullable(),
  closeNote: z.string().nullable(),
  policyId: z.string().nullable(),
  requestedActions: z.array(z.string()),
  version: z.number().int(),
});

/** One history entry. */
export const HistoryOut = z.object({
  id: z.string(),
  seq: z.number().int(),
  type: z.enum(['raised', 'level_changed', 'acknowledged', 'cleared', 'closed']),
  at: z.number(),
  eventTs: z.number().nullable(),
  level: Level,
  fromLevel: Level.nullable(),
  actorId: z.string().nullable(),
  note: z.string().nullable(),
  value: Value,
});

const ActionBase = {
  id: z.string(),
  alertId: z.string(),
  policyId: z.string(),
  policyName: z.string(),
  jurisdictionId: z.string().nullable(),
  jurisdictionPath: z.string(),
};

/** A requested action. */
export const ActionOut = z.discriminatedUnion('action', [
  z.object({
    ...ActionBase,
    action: z.literal('create_case'),
    category: z.string().nullable(),
    urgency: Urgency,
    unitId: z.string().nullable(),
  }),
  z.object({
    ...ActionBase,
    action: z.literal('community_task'),
    task: z.enum(COMMUNITY_TASKS),
    category: z.string().nullable(),
    urgency: Urgency,
    unitId: z.string().nullable(),
  }),
  z.object({ ...ActionBase, action: z.literal('notify_only') }),
]);

const LEVEL_LIST = new RegExp(`^(${WARNING_LEVELS.join('|')})(,(${WARNING_LEVELS.join('|')}))*$`);
const STATE_WORDS = [...ALERT_STATES, 'active', 'ended'].join('|');
const STATE_LIST = new RegExp(`^(${STATE_WORDS})(,(${STATE_WORDS}))*$`);

/** Parses `since`: epoch ms or an ISO-8601 time; null when it is neither. */
export function parseSince(v: string): number | null {
  if (/^\d{1,16}$/.test(v)) return Number(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/** The list's query string. */
export const ListQuery = z.object({
  jurisdiction: Id.optional().describe('Jurisdiction id or code: only alerts in its subtree (default: the caller’s scope)'),
  level: z.string().regex(LEVEL_LIST, 'comma-separated levels: blue, yellow, orange, red').optional(),
  state: z
    .string()
    .regex(STATE_LIST, `comma-separated states: ${STATE_WORDS.replaceAll('|', ', ')}`)
    .optional(),
  rule: z.string().min(1).max(128).optional(),
  since: z
    .string()
    .refine((v) => parseSince(v) !== null, 'epoch ms or an ISO-8601 time')
    .optional()
    .describe('Only alerts raised at or after this time'),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** A page of alerts. */
export const PageOut = z.object({ items: z.array(AlertOut), nextCursor: z.string().nullable() });

/** An alert with its history and actions. */
export const DetailOut = z.object({ alert: AlertOut, history: z.array(HistoryOut), actions: z.array(ActionOut) });

const Category = z.string().regex(/^(P0[1-5]|E0[1-6])\d\d$/, 'a small class code such as E0401');

/** One policy action as written. */
export const PolicyActionIn = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('create_case'),
    category: Category.nullable().default(null),
    urgency: z.enum(URGENCY_CHOICES).default('by_level'),
  }),
  z.object({
    kind: z.literal('notify_community'),
    task: z.enum(COMMUNITY_TASKS),
    category: Category.nullable().default(null),
    urgency: z.enum(URGENCY_CHOICES).default('by_level'),
  }),
  z.object({ kind: z.literal('notify_only') }),
]);

/** One policy as written. */
export const PolicyIn = z.object({
  id: Id.optional(),
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  match: z.object({
    ruleIds: z.array(z.string().min(1).max(128)).max(100).default([]),
    minLevel: Level.default('blue'),
    categories: z
      .array(z.string().regex(/^(P0[1-5]|E0[1-6])(\d\d)?$/, 'a small class (E0401) or big class (E04) code'))
      .max(200)
      .default([]),
  }),
  actions: z.array(PolicyActionIn).min(1).max(5),
});

/** A stored policy. */
export const PolicyOut = z.object({
  id: z.string(),
  jurisdictionId: z.string(),
  position: z.number().int(),
  name: z.string(),
  enabled: z.boolean(),
  match: z.object({ ruleIds: z.array(z.string()), minLevel: Level, categories: z.array(z.string()) }),
  actions: z.array(PolicyActionIn),
  updatedAt: z.number(),
  updatedBy: z.string().nullable(),
});

/** The policies at a jurisdiction. */
export const PolicyViewOut = z.object({ jurisdictionId: z.string(), own: z.array(PolicyOut), inherited: z.array(PolicyOut) });
