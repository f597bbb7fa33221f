/**
 * Logger settings that keep personal data and secrets out of the logs (等保 2.0 personal
 * information protection, residual information): credentials headers are redacted, request bodies
 * are never logged, query values are dropped (searches may name a person or a phone), and any
 * phone or identity number that reaches a message or an error anyway is masked.
 */
import type { FastifyServerOptions } from 'fastify';
import { maskIdNumber, maskPhone } from '../masking.ts';

/** Where log lines go (a pino destination); stdout when absent. */
export interface LogStream {
  write(line: string): unknown;
}

/** Paths pino replaces with `[redacted]` wherever a request, reply or object is logged. */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
];

// Mainland identity numbers (18 characters, the last may be X) and mobile numbers (11 digits
// starting 1[3-9]), not inside a longer run of digits (ids, timestamps).
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g;

/**
 * Masks identity and mobile numbers in free text.
 * @example scrubPersonalText('call 13812345678') // 'call 138****5678'
 */
export function scrubPersonalText(text: string): string {
  return text.replace(ID_NUMBER, (m) => maskIdNumber(m)).replace(MOBILE, (m) => maskPhone(m));
}

/** A URL with its query values dropped, keys kept: `/api/v1/cases?q=*&limit=*`. */
export function urlWithoutQueryValues(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const keys = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0] ?? ''}=*`);
  return `${url.slice(0, q)}?${keys.join('&')}`;
}

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
  id?: string;
}

interface ErrorLike {
  type?: string;
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
}

/**
 * The Fastify `logger` option for a level (`silent` turns logging off).
 * @example Fastify({ logger: loggerOptions('info') })
 */
export function loggerOptions(level: string | undefined, stream?: LogStream): FastifyServerOptions['logger'] {
  if (!level || level === 'silent') return false;
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    serializers: {
      // Only what tells requests apart: no headers, no body, no query values.
      req: (req: RequestLike) => ({ id: req.id, method: req.method, url: urlWithoutQueryValues(req.url ?? ''), remoteAddress: req.ip }),
      err: (err: ErrorLike) => ({
        type: err.name ?? err.type ?? 'Error',
        code: err.code,
        message: scrubPersonalText(String(err.message ?? '')),
        stack: scrubPersonalText(String(err.stack ?? '')),
      }),
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a: unknown) => (typeof a === 'string' ? scrubPersonalText(a) : a));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
}
