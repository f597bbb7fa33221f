/**
 * `GET/POST /api/v1/admin/clock`: the platform's time, and moving it forward during a drill
 * (演练). Moving is refused unless the platform was started with a simulated clock
 * (`cityops start --clock simulated`): on a real start every deadline runs on real time.
 */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { isSimulated, type Clock } from '../clock.ts';
import { typed } from './app.ts';

/** What the clock routes need. */
export interface ClockRoutesDeps {
  clock: Clock;
  /** Roles that may read and move the clock. */
  roles: readonly string[];
  /** Path of the whole installation: only callers scoped at the top may move time for everyone. */
  topPath: () => string | null;
  /** Called after the clock moved (to run due timers at once). */
  onMoved?: () => Promise<unknown>;
}

const ClockOut = z.object({ now: z.number(), iso: z.string(), simulated: z.boolean() });

/** Registers the clock routes. */
export function registerClockRoutes(app: FastifyInstance, deps: ClockRoutesDeps): void {
  const r = typed(app);
  const show = () => ({ now: deps.clock.now(), iso: new Date(deps.clock.now()).toISOString(), simulated: isSimulated(deps.clock) });
  r.get(
    '/api/v1/admin/clock',
    {
      config: { access: { roles: deps.roles } },
      schema: { tags: ['platform'], summary: 'The platform’s time and whether it is simulated', response: { 200: ClockOut } },
    },
    async () => show(),
  );
  r.post(
    '/api/v1/admin/clock',
    {
      config: { access: { roles: deps.roles, scope: () => deps.topPath(), scopeMiss: 'forbidden' } },
      schema: {
        tags: ['platform'],
        summary:
          'Move a simulated clock forward (drills); 409 CLOCK_NOT_SIMULATED on a normal start, 422 CLOCK_BACKWARDS for a time in the past',
        body: z
          .object({
            advanceMs: z
              .number()
              .int()
              .min(0)
              .max(366 * 86_400_000)
              .optional(),
            to: z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]).optional(),
          })
          .refine((b) => (b.advanceMs === undefined) !== (b.to === undefined), {
            message: 'give exactly one of advanceMs and to',
            path: ['advanceMs'],
          }),
        response: { 200: ClockOut },
      },
    },
    async (req) => {
      const clock = deps.clock;
      if (!isSimulated(clock)) throw new AppError(409, 'CLOCK_NOT_SIMULATED', 'the clock is real; start with --clock simulated for drills');
      const { advanceMs, to } = req.body;
      if (to !== undefined && to < clock.now())
        throw new AppError(422, 'CLOCK_BACKWARDS', 'time only moves forward', [{ field: 'body.to', message: 'before the current time' }]);
      if (advanceMs !== undefined) clock.advance(advanceMs);
      else if (to !== undefined) clock.set(to);
      await deps.onMoved?.();
      return show();
    },
  );
}
