/**
 * Errors with a stable code, rendered as RFC 9457 problem details. Services throw these; the
 * HTTP layer renders them; the CLI prints them. Domain modules add their own codes.
 */

/** One offending input, named by its path (e.g. `body[3].lon`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An error that maps to an HTTP status and a stable machine-readable code. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** 400 with the offending field named. */
export function invalid(field: string, message: string, code = 'VALIDATION_FAILED'): AppError {
  return new AppError(400, code, `${field}: ${message}`, [{ field, message }]);
}

/** 404; used also for records outside the caller's scope so existence does not leak. */
export function notFound(what: string, code = 'NOT_FOUND'): AppError {
  return new AppError(404, code, `${what} not found`);
}

/** 401: no or bad credentials. */
export function unauthenticated(message = 'sign-in required'): AppError {
  return new AppError(401, 'UNAUTHENTICATED', message);
}

/** 403: signed in, but this role or scope may not do this. */
export function forbidden(message: string, code = 'FORBIDDEN'): AppError {
  return new AppError(403, code, message);
}

/** 409: conflicts with the current state. */
export function conflict(message: string, code = 'CONFLICT'): AppError {
  return new AppError(409, code, message);
}

/** RFC 9457 problem document as served. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
  field?: string;
}

/** Renders an AppError as a problem document. */
export function toProblem(err: AppError, instance?: string): Problem {
  const problem: Problem = {
    type: `https://cityops.dev/problems/${err.code.toLowerCase().replaceAll('_', '-')}`,
    title: err.code,
    status: err.status,
    code: err.code,
    detail: err.message,
  };
  if (instance !== undefined) problem.instance = instance;
  if (err.fields.length > 0) {
    problem.errors = err.fields;
    problem.field = err.fields[0]?.field;
  }
  return problem;
}
