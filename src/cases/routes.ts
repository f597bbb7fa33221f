/** HTTP routes for the case catalogue and the working calendar. Public reference data. */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { AppError, invalid } from '../platform/errors.ts';
import {
  listBigClasses,
  listSmallClasses,
  searchCatalogue,
  getSmallClass,
  stepLimits,
  URGENCIES,
  type SmallClass,
} from './catalogue-model.ts';
import { CHINA_WORKING_CALENDAR } from './calendar-data.ts';
import { addDuration, isWorkingDay, type WorkingCalendar } from './calendar-model.ts';

const PUBLIC = { access: { public: true } } as const;
const Limit = z.object({ amount: z.number(), unit: z.string() });
const SmallClassOut = z.object({
  code: z.string(),
  bigClass: z.string(),
  kind: z.enum(['component', 'event']),
  zh: z.string(),
  en: z.string(),
  departmentKind: z.string(),
  urgencies: z.object({ urgent: Limit.optional(), high: Limit.optional(), normal: Limit }),
});
const DAY_MS = 86_400_000;

/** Registers the catalogue and calendar routes; `calendar` defaults to China's. */
export function registerCatalogueRoutes(app: FastifyInstance, calendar: WorkingCalendar = CHINA_WORKING_CALENDAR): void {
  const r = typed(app);

  r.get(
    '/api/v1/catalogue',
    {
      config: PUBLIC,
      schema: {
        tags: ['cases'],
        summary: 'The 部件/事件 case catalogue: big classes and small classes with time limits',
        querystring: z.object({ q: z.string().max(50).optional(), kind: z.enum(['component', 'event']).optional() }),
        response: {
          200: z.object({
            bigClasses: z.array(z.object({ code: z.string(), kind: z.string(), zh: z.string(), en: z.string() })),
            items: z.array(SmallClassOut),
          }),
        },
      },
    },
    async (req) => {
      const { q, kind } = req.query;
      let items: readonly SmallClass[] = q ? searchCatalogue(q) : listSmallClasses();
      if (kind) items = items.filter((c) => c.kind === kind);
      return { bigClasses: [...listBigClasses(kind)], items: [...items] };
    },
  );

  r.get(
    '/api/v1/catalogue/:code',
    {
      config: PUBLIC,
      schema: {
        tags: ['cases'],
        summary: 'One small class with its handling limits and the step limits per urgency',
        params: z.object({ code: z.string().max(16) }),
        response: { 200: SmallClassOut.extend({ stepLimits: z.record(z.string(), z.object({ fileAndDispatch: Limit, verify: Limit })) }) },
      },
    },
    async (req) => {
      const c = getSmallClass(req.params.code);
      if (!c)
        throw new AppError(404, 'UNKNOWN_CATEGORY', `no small class ${req.params.code}`, [{ field: 'params.code', message: 'unknown' }]);
      return { ...c, stepLimits: Object.fromEntries(URGENCIES.map((u) => [u, stepLimits(u)])) };
    },
  );

  r.get(
    '/api/v1/calendar',
    {
      config: PUBLIC,
      schema: {
        tags: ['cases'],
        summary: 'The working calendar: periods and which days are working days between two dates (≤ 366 days)',
        querystring: z.object({ from: z.iso.date(), to: z.iso.date() }),
        response: {
          200: z.object({
            timeZone: z.string(),
            workingPeriods: z.array(z.object({ start: z.string(), end: z.string() })),
            days: z.array(z.object({ date: z.string(), working: z.boolean() })),
          }),
        },
      },
    },
    async (req) => {
      const from = Date.parse(`${req.query.from}T00:00:00Z`);
      const to = Date.parse(`${req.query.to}T00:00:00Z`);
      if (to < from) throw invalid('query.to', 'must not be before from');
      if ((to - from) / DAY_MS > 366) throw invalid('query.to', 'at most 366 days after from');
      const days = [];
      for (let t = from; t <= to; t += DAY_MS) {
        const date = new Date(t).toISOString().slice(0, 10);
        days.push({ date, working: isWorkingDay(date, calendar) });
      }
      return { timeZone: calendar.timeZone, workingPeriods: [...calendar.workingPeriods], days };
    },
  );

  r.get(
    '/api/v1/calendar/due',
    {
      config: PUBLIC,
      schema: {
        tags: ['cases'],
        summary: 'When a time limit that starts at `start` (epoch ms) expires, counted by the calendar',
        querystring: z.object({
          start: z.coerce.number().int().min(0).max(8.64e15),
          amount: z.coerce.number().min(0).max(10_000),
          unit: z.enum(['working_hours', 'working_days', 'calendar_hours', 'calendar_minutes']),
        }),
        response: { 200: z.object({ start: z.number(), due: z.number(), dueIso: z.string() }) },
      },
    },
    async (req) => {
      const due = addDuration(req.query.start, { amount: req.query.amount, unit: req.query.unit }, calendar);
      return { start: req.query.start, due, dueIso: new Date(due).toISOString() };
    },
  );
}
