/**
 * Security headers on every response, API and web app alike (等保 2.0 intrusion prevention and
 * data confidentiality): no MIME sniffing, no framing, no referrer, an isolated browsing context,
 * no powerful browser features, HTTPS pinned when the platform runs behind TLS, and no caching of
 * answers that carry personal data.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Options for {@link installSecurityHeaders}. */
export interface SecurityHeaderOptions {
  /** Send Strict-Transport-Security: only when the platform is reached over HTTPS (secure cookies). */
  hsts: boolean;
}

/** Headers every response carries. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // The workbench asks for the phone's position when a worker reports; nothing else is needed.
  'permissions-policy': 'camera=(), microphone=(), geolocation=(self), payment=(), usb=(), serial=(), bluetooth=()',
});

/** One year, the preload lists' minimum. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * API answers are data, never documents: nothing may run, load or frame them (an uploaded SVG or
 * HTML served back cannot script). Pages that set their own policy (the web app) keep it.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Prefixes whose answers carry personal data: never stored by a browser or a proxy, whatever the
 * route set. Other /api/v1 answers default to no-store unless the route chose a policy (e.g. the
 * screen's revalidated ETags).
 */
export const PERSONAL_DATA_PREFIXES: readonly string[] = [
  '/api/v1/auth/',
  '/api/v1/users',
  '/api/v1/registry/',
  '/api/v1/checkin/',
  '/api/v1/audit/',
];

/** The path of a request URL, without its query. */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** True when answers under this path carry personal data. */
export function carriesPersonalData(path: string): boolean {
  return PERSONAL_DATA_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/**
 * Sets the headers on one reply; exported for the rare answer that bypasses `onSend` (streams).
 * @example applySecurityHeaders(req, reply, { hsts: true });
 */
export function applySecurityHeaders(req: FastifyRequest, reply: FastifyReply, options: SecurityHeaderOptions): void {
  void reply.headers(BASE_SECURITY_HEADERS);
  if (options.hsts) void reply.header('strict-transport-security', HSTS);
  const path = pathOf(req.url);
  const api = path.startsWith('/api/v1/');
  if (!reply.hasHeader('content-security-policy')) void reply.header('content-security-policy', api ? API_CSP : "frame-ancestors 'none'");
  if (!api) return;
  if (carriesPersonalData(path) || !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
}

/**
 * Installs the headers on every response of the app.
 * @example installSecurityHeaders(app, { hsts: config.secureCookies });
 */
export function installSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  app.addHook('onSend', async (req, reply) => {
    applySecurityHeaders(req, reply, options);
  });
}
