/**
 * Per-IP rate limits (等保 2.0 intrusion prevention) with Fastify's own limiter
 * (@fastify/rate-limit): on the routes that check a password (sign-in, re-authentication) — on
 * top of the per-account throttle, which cannot see one address trying many accounts — and on
 * every public endpoint, which anyone may call without an account. Authenticated routes are not
 * limited here: machines ingesting readings with a token must never be slowed by it.
 *
 * Counts live in this process's memory, per route; several processes each count their own.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { AppError } from '../errors.ts';

/** Which limit a route falls under: `credentials` checks a password, `public` is open to anyone. */
export type RateClass = 'credentials' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Puts a route under a per-IP limit; public /api/v1 routes and /open311 are `public` without saying so. */
    rateClass?: RateClass;
  }
}

/** Requests per minute per IP address for each class; 0 turns a limit off. */
export interface RateLimits {
  credentialsPerMinute: number;
  publicPerMinute: number;
}

/** The limits when none are configured: far above what a person or the test suite sends. */
export const DEFAULT_RATE_LIMITS: Readonly<RateLimits> = Object.freeze({ credentialsPerMinute: 100, publicPerMinute: 1200 });

/** Paths of public services outside /api/v1 (Open311, the citizen portal) that are limited as public. */
const PUBLIC_PREFIXES = ['/open311/', '/portal/api/'];

/** The class of a route: what it declares, else `public` for routes open to anyone. */
export function rateClassOf(route: Pick<RouteOptions, 'url' | 'config'>): RateClass | null {
  const config = route.config;
  if (config?.rateClass) return config.rateClass;
  if (config?.access?.public) return 'public';
  if (PUBLIC_PREFIXES.some((p) => route.url.startsWith(p))) return 'public';
  return null;
}

/**
 * Installs the limits; call before any route is registered (it hooks route registration).
 * @example await installRateLimits(app, { credentialsPerMinute: 100, publicPerMinute: 1200 });
 */
export async function installRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  // Added before the plugin registers its own onRoute hook, so it sees the config set here.
  app.addHook('onRoute', (route) => {
    const rateClass = rateClassOf(route);
    if (!rateClass) return;
    const max = rateClass === 'credentials' ? limits.credentialsPerMinute : limits.publicPerMinute;
    if (max <= 0) return;
    route.config = { ...route.config, rateLimit: { max, timeWindow: 60_000 } };
  });
  await app.register(rateLimit, {
    global: false,
    // Counted before the body is read or a password hashed: a flood costs as little as possible.
    hook: 'onRequest',
    errorResponseBuilder: (_req, ctx) => {
      const seconds = String(Math.max(1, Math.ceil(ctx.ttl / 1000)));
      return new AppError(429, 'RATE_LIMITED', `too many requests from your address; try again in ${seconds} s`, [], {
        'retry-after': seconds,
      });
    },
  });
}
