/**
 * Open311's error answers: an array of `{ code, description }` (JSON) or
 * `<errors><error><code/><description/></error></errors>` (XML), with the HTTP status the spec
 * names — 404 for what does not exist, 403 for a missing or wrong api_key, 400 for any other
 * request that cannot be fulfilled. The body's `code` is the HTTP status, as in the spec's
 * example. Platform problems (AppError) thrown below the routes are translated here.
 */
import { AppError } from '../../platform/errors.ts';

/** One error of an Open311 answer. */
export interface Open311ErrorItem {
  code: number;
  description: string;
}

/** An error the Open311 routes answer in the spec's format. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly Open311ErrorItem[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(errors.map((e) => e.description).join('; '));
  }
}

/**
 * An error with one description; its body code is the status.
 * @example throw open311Error(404, 'service_code P9999 was not found')
 */
export function open311Error(status: number, description: string): Open311Error {
  return new Open311Error(status, [{ code: status, description }]);
}

/** Statuses kept as they are; anything else a client did wrong is 400 (spec, "Errors"). */
const KEPT = new Set([400, 403, 404, 413, 429]);

/**
 * Any error as an Open311 error: AppErrors keep their words (and fields), 422 and other client
 * errors become 400, unexpected errors 500 without details.
 * @example toOpen311Error(new AppError(422, 'VALIDATION_FAILED', 'location: outside the city'))
 */
export function toOpen311Error(e: unknown): Open311Error {
  if (e instanceof Open311Error) return e;
  if (e instanceof AppError) {
    const status = KEPT.has(e.status) ? e.status : e.status >= 500 ? 500 : 400;
    const items =
      e.fields.length > 0
        ? e.fields.map((f) => ({ code: status, description: `${open311Field(f.field)}: ${f.message}` }))
        : [{ code: status, description: e.message }];
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(e.headers)) headers[k] = v;
    return new Open311Error(status, items, headers);
  }
  const err = e as { statusCode?: unknown; message?: unknown };
  // Fastify's own errors (a body that is not JSON, one too large) carry a 4xx statusCode.
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    const status = KEPT.has(err.statusCode) ? err.statusCode : 400;
    return open311Error(status, typeof err.message === 'string' ? err.message : 'bad request');
  }
  return open311Error(500, 'the Open311 service failed; try again later');
}

/** The citizen core's field names as the Open311 parameters a client sent. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  category: 'service_code',
  'body.category': 'service_code',
  location: 'lat/long',
  'body.location': 'lat/long',
  'location.lon': 'long',
  'location.lat': 'lat',
  'location.address': 'address_string',
  description: 'description',
  mediaUrl: 'media_url',
  'contact.email': 'email',
  'contact.phone': 'phone',
  'contact.name': 'first_name/last_name',
};

function open311Field(field: string): string {
  return FIELD_NAMES[field] ?? field;
}
