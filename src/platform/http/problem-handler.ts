/**
 * Turns every error into an RFC 9457 problem document with a stable code and, where one input
 * was at fault, the field's name. The process never crashes on bad input.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, toProblem, type FieldProblem } from '../errors.ts';

/** `body`, `/3/lon` → `body[3].lon` */
export function fieldName(context: string | undefined, instancePath: string): string {
  let out = context === 'querystring' ? 'query' : (context ?? 'input');
  for (const part of instancePath.split('/').filter(Boolean)) {
    out += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return out;
}

interface ZodIssueLike {
  path?: PropertyKey[];
  message?: string;
}

function zodFieldProblems(err: { validation: readonly unknown[]; validationContext?: string }): FieldProblem[] {
  return err.validation.map((v) => {
    const entry = v as { instancePath?: string; message?: string; params?: { issue?: ZodIssueLike } };
    const issuePath = entry.params?.issue?.path;
    const instancePath = issuePath ? '/' + issuePath.map(String).join('/') : (entry.instancePath ?? '');
    return { field: fieldName(err.validationContext, instancePath), message: entry.message ?? 'invalid' };
  });
}

/** Maps Fastify's own error codes to our problems. */
function fromFastify(err: FastifyError): AppError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'PAYLOAD_TOO_LARGE', 'request body is too large', [{ field: 'body', message: 'too large' }]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', err.message);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'INVALID_JSON', 'body: empty JSON body', [{ field: 'body', message: 'empty' }]);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(400, 'INVALID_CONTENT_LENGTH', err.message);
    default:
      break;
  }
  if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
    return new AppError(400, 'INVALID_JSON', `body: not valid JSON (${err.message})`, [{ field: 'body', message: 'not valid JSON' }]);
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError(err.statusCode, err.code ?? 'BAD_REQUEST', err.message);
  }
  return null;
}

/** Installs the error and not-found handlers on an app. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    let appError: AppError;
    if (error instanceof AppError) {
      appError = error;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = zodFieldProblems(error);
      const first = fields[0];
      appError = new AppError(400, 'VALIDATION_FAILED', first ? `${first.field}: ${first.message}` : 'invalid request', fields);
    } else if (isResponseSerializationError(error)) {
      req.log.error({ err: error }, 'response did not match its schema');
      appError = new AppError(500, 'INTERNAL', 'internal error');
    } else {
      appError = fromFastify(error) ?? new AppError(500, 'INTERNAL', 'internal error');
      if (appError.status >= 500) req.log.error({ err: error }, 'unhandled error');
    }
    void reply
      .code(appError.status)
      .headers(appError.headers)
      .type('application/problem+json; charset=utf-8')
      .send(toProblem(appError, req.url.split('?')[0]));
  });
  app.setNotFoundHandler((req, reply) => {
    const e = new AppError(404, 'ROUTE_NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`);
    void reply
      .code(404)
      .type('application/problem+json; charset=utf-8')
      .send(toProblem(e, req.url.split('?')[0]));
  });
}
