/**
 * How a batch (readings, detections, a device import) is answered: 200 when every item was
 * taken, 207 with the per-item report when some were, and — when nothing was taken — a 422
 * problem document (RFC 9457, like every other refusal) that names the first item's field and
 * still carries the whole per-item report, so a gateway sees a plain error while a client that
 * reads the report finds it where it always is.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, toProblem } from '../platform/errors.ts';

/** One refused item of a batch, as the reports carry it (`field` relative to the batch, e.g. `[3].ts`). */
interface RefusedItem {
  index: number;
  field?: string;
  reason?: string;
  message?: string;
}

/** At most this many items are listed as the problem's `errors`; the report lists every one. */
const MAX_FIELD_PROBLEMS = 100;

/**
 * The problem for a batch of which nothing was taken.
 * @example nothingTaken('readings', [{ index: 0, reason: 'unknown_device', field: '[0].deviceId' }])
 */
export function nothingTaken(what: string, rejected: readonly RefusedItem[]): AppError {
  const fields = rejected.slice(0, MAX_FIELD_PROBLEMS).map((r) => ({
    field: `body${r.field ?? `[${r.index}]`}`,
    message: [r.reason, r.message].filter(Boolean).join(': ') || 'refused',
  }));
  const first = fields[0];
  return new AppError(
    422,
    'NOTHING_ACCEPTED',
    `no ${what} taken: ${rejected.length} refused${first ? `; ${first.field}: ${first.message}` : ''}`,
    fields,
  );
}

/**
 * Sends a batch's report with the status that says how much of it was taken.
 * @example return answerBatch(req, reply, 'readings', result, result.accepted);
 */
export function answerBatch<R extends { rejected: readonly RefusedItem[] }>(
  req: FastifyRequest,
  reply: FastifyReply,
  what: string,
  report: R,
  taken: number,
): FastifyReply {
  if (report.rejected.length === 0) return reply.code(200).send(report);
  if (taken > 0) return reply.code(207).send(report);
  const problem = toProblem(nothingTaken(what, report.rejected), req.url.split('?')[0]);
  return reply
    .code(422)
    .type('application/problem+json; charset=utf-8')
    .send({ ...problem, ...report });
}
