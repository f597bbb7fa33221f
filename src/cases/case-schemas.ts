/** The zod schemas of the cases API: request parsing and response shapes (also the OpenAPI). */
import { z } from 'zod';
import { CRS_LIST } from '../geo/crs.ts';
import { URGENCIES } from './catalogue-types.ts';
import { CASE_SOURCES, CASE_STATES } from './case-types.ts';

/** An id or code in a path or query. */
export const Id = z.string().min(1).max(64);
const Urgency = z.enum(URGENCIES as [string, ...string[]]).transform((u) => u as 'urgent' | 'high' | 'normal');
const Text = (max: number) => z.string().trim().min(1).max(max);
const Reason = z.string().trim().min(1, 'a reason is required').max(2000);
const TimeLimitIn = z.object({
  amount: z.number().positive().max(1000),
  unit: z.enum(['working_hours', 'working_days', 'calendar_hours', 'calendar_minutes']),
});
const AttachmentIds = z.array(Id).max(20).optional();
/** An instant as epoch ms or ISO-8601 with an offset. */
export const Instant = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

/** An instant in a query string: ISO-8601 with an offset, or epoch ms digits. */
export const QueryInstant = z.union([
  z.iso.datetime({ offset: true }).transform((t) => Date.parse(t)),
  z
    .string()
    .regex(/^\d{1,15}$/, 'epoch milliseconds or ISO-8601 with an offset')
    .transform(Number),
]);

/** A new report. */
export const ReportIn = z.object({
  source: z.enum(CASE_SOURCES).optional(),
  sourceRef: z.string().trim().min(1).max(128).optional(),
  category: z.string().regex(/^(P0[1-5]|E0[1-6])\d\d$/, 'a small class code such as P0101'),
  urgency: Urgency.optional(),
  description: Text(4000),
  location: z.object({
    lon: z.number().finite().min(-180).max(180),
    lat: z.number().finite().min(-90).max(90),
    crs: z.enum(CRS_LIST).optional(),
    address: z.string().trim().max(500).optional(),
  }),
  reporter: z
    .object({
      name: z.string().trim().max(100).optional(),
      phone: z
        .string()
        .trim()
        .regex(/^[\d+\- ]{3,20}$/, 'digits, +, - and spaces')
        .optional(),
      email: z.email().max(200).optional(),
      note: z.string().trim().max(500).optional(),
    })
    .optional(),
  attachments: AttachmentIds,
  autoDispatch: z.boolean().optional(),
});

/** A command, with the version the caller saw (optimistic concurrency). */
export const CommandIn = z.intersection(
  z.object({ version: z.number().int().positive().optional() }),
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('file'),
      category: z.string().optional(),
      urgency: Urgency.optional(),
      note: z.string().max(2000).optional(),
    }),
    z.object({ type: z.literal('reject'), reason: Reason }),
    z.object({ type: z.literal('merge'), masterId: Id, reason: Reason }),
    z.object({ type: z.literal('void'), reason: Reason }),
    z.object({
      type: z.literal('dispatch'),
      unitId: Id,
      overrideReason: z.string().trim().max(2000).optional(),
      note: z.string().max(2000).optional(),
    }),
    z.object({ type: z.literal('accept'), note: z.string().max(2000).optional() }),
    z.object({ type: z.literal('return'), reason: Reason }),
    z.object({ type: z.literal('handle'), result: Text(4000), attachments: AttachmentIds }),
    z.object({ type: z.literal('verify'), passed: z.boolean(), note: Text(2000), attachments: AttachmentIds }),
    z.object({ type: z.literal('close'), note: z.string().max(2000).optional() }),
    z.object({ type: z.literal('request_extension'), extra: TimeLimitIn, reason: Reason }),
    z.object({ type: z.literal('decide_extension'), approve: z.boolean(), note: z.string().max(2000).optional() }),
    z.object({ type: z.literal('park'), reason: Reason, reviewAt: Instant }),
    z.object({ type: z.literal('resume'), note: z.string().max(2000).optional() }),
    z.object({ type: z.literal('reopen'), reason: Reason }),
    z.object({ type: z.literal('escalate'), reason: Reason }),
    z.object({ type: z.literal('set_deadline'), dueAt: Instant, reason: Reason }),
    z.object({ type: z.literal('evaluate'), satisfaction: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() }),
    z.object({ type: z.literal('comment'), note: Text(4000), attachments: AttachmentIds }),
  ]),
);

/** The list's query string. */
export const ListQuery = z.object({
  state: z.string().max(200).optional(),
  category: z.string().max(10).optional(),
  source: z.enum(CASE_SOURCES).optional(),
  unit: Id.optional(),
  jurisdiction: Id.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  from: QueryInstant.optional(),
  to: QueryInstant.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const StepOut = z
  .object({
    step: z.enum(['dispatch', 'handle', 'verify', 'close']),
    startedAt: z.number(),
    dueAt: z.number(),
    limit: z.object({ amount: z.number(), unit: z.enum(['working_hours', 'working_days', 'calendar_hours', 'calendar_minutes']) }),
    pausedRemainingMs: z.number().nullable(),
    pausedMs: z.number().optional(),
    overdueAt: z.number().nullable(),
  })
  .nullable();

const Ms = z.number().nullable();

/** A case as the API shows it: every stored field plus the current step's light. */
export const CaseOut = z.object({
  id: z.string(),
  code: z.string(),
  source: z.enum(CASE_SOURCES),
  sourceRef: z.string().nullable(),
  category: z.string(),
  urgency: z.enum(['urgent', 'high', 'normal']),
  state: z.enum(CASE_STATES),
  parkedFrom: z.enum(CASE_STATES).nullable(),
  stateReason: z.string().nullable(),
  reviewAt: Ms,
  description: z.string(),
  location: z.object({ lon: z.number(), lat: z.number(), address: z.string().nullable() }),
  jurisdictionId: z.string(),
  jurisdictionPath: z.string(),
  centreId: z.string(),
  centreLevel: z.enum(['street', 'district', 'city']),
  centrePath: z.string(),
  unitId: z.string().nullable(),
  suggestedUnitId: z.string().nullable(),
  masterId: z.string().nullable(),
  reportCount: z.number().int(),
  reporterId: z.string().nullable(),
  step: StepOut,
  extension: z
    .object({
      requestedAt: z.number(),
      requestedBy: z.string(),
      extra: z.object({ amount: z.number(), unit: z.enum(['working_hours', 'working_days', 'calendar_hours', 'calendar_minutes']) }),
      reason: z.string(),
    })
    .nullable(),
  dispatchCount: z.number().int(),
  returnCount: z.number().int(),
  reworkCount: z.number().int(),
  extensionCount: z.number().int(),
  escalationCount: z.number().int(),
  overdueCount: z.number().int(),
  reportedAt: z.number(),
  filedAt: Ms,
  firstDispatchedAt: Ms,
  dispatchedAt: Ms,
  acceptedAt: Ms,
  handledAt: Ms,
  handleDueAt: Ms,
  handledOnTime: z.boolean().nullable(),
  verifiedAt: Ms,
  closedAt: Ms,
  closedOnTime: z.boolean().nullable(),
  satisfaction: z.number().int().nullable(),
  createdBy: z.string().nullable(),
  updatedAt: z.number(),
  version: z.number().int(),
  status: z
    .object({
      step: z.enum(['dispatch', 'handle', 'verify', 'close']),
      dueAt: z.number(),
      fraction: z.number(),
      light: z.enum(['green', 'yellow', 'red']),
    })
    .nullable(),
});

/** One timeline entry: who did what when, and what changed (before/after). */
export const EventOut = z.object({
  id: z.string(),
  caseId: z.string(),
  seq: z.number().int(),
  type: z.string(),
  at: z.number(),
  actorId: z.string(),
  actorRoles: z.array(z.string()),
  note: z.string().nullable(),
  attachments: z.array(z.string()),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
});

/** A proposed duplicate: the open case this report may repeat, and how sure. */
export const DuplicateOut = z.object({
  masterId: z.string(),
  distanceM: z.number(),
  ageMs: z.number(),
  confidence: z.number(),
  reason: z.object({ zh: z.string(), en: z.string() }),
});

/** A page of cases. */
export const PageOut = z.object({ items: z.array(CaseOut), nextCursor: z.string().nullable() });

/** What a command answers: the case after it and the entries it wrote. */
export const CommandOut = z.object({ case: CaseOut, events: z.array(EventOut) });
