/**
 * Serves the built browser app (`web/dist`) on the API's port: files as they are, hashed
 * assets (`/assets/…`) cached for a year, `index.html` revalidated on every load, and every
 * other non-`/api` GET answered with `index.html` so the app's own router shows the page
 * (SPA fallback). `/api/…` paths never fall back: an unknown one stays a JSON problem.
 *
 * The folder is looked at per request, so a rebuild while the platform runs is picked up, and a
 * platform started before the first build says how to build instead of failing.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Where the built app lives, and how to say it is missing. */
export interface WebStaticOptions {
  /** Absolute path of the build output (the folder holding index.html). */
  root: string;
  /** Shown when the build is missing, e.g. `npm run build:web`. */
  buildHint?: string;
}

/** Cache-Control for content-hashed files: they never change under the same name. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Cache-Control for index.html and other unhashed files: always revalidate (ETag makes it cheap). */
export const REVALIDATE_CACHE = 'no-cache';

/**
 * Content-Security-Policy sent with the app's HTML: every fetch, script, style, font, image and
 * worker comes from the platform itself (`blob:`/`data:` are made in the page, never fetched), so
 * a stray external URL fails loudly in the browser instead of leaking a request.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that look like a file request: a missing one answers 404, not the app's HTML. */
const FILE_LIKE = /\.(?:js|mjs|cjs|css|map|json|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|otf|txt|wasm|pbf|webmanifest)$/i;

/** True for paths the API owns (`/api`, `/api/…`); they never get the app's HTML. */
export function isApiPath(urlPath: string): boolean {
  return urlPath === '/api' || urlPath.startsWith('/api/');
}

/** Hands the request to the platform's not-found handler (a JSON problem). */
function passOn(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * Registers the static files and the SPA fallback. Call before `app.ready()`.
 * @example await registerWebStatic(app, { root: '/srv/cityops/web/dist' });
 */
export async function registerWebStatic(app: FastifyInstance, options: WebStaticOptions): Promise<void> {
  const root = path.resolve(options.root);
  const indexFile = path.join(root, 'index.html');
  // `serve: false`: only `reply.sendFile` (path checks, ranges, ETag); the routing is ours.
  await app.register(fastifyStatic, { root, serve: false, suppressWarning: true, cacheControl: false });

  const sendIndex = async (reply: FastifyReply): Promise<FastifyReply> => {
    if (!(await isFile(indexFile))) {
      const hint = options.buildHint ?? 'npm run build:web';
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send(`The browser app is not built yet (no ${indexFile}). Build it with \`${hint}\`; the API is at /api/v1 and /api/docs.\n`);
    }
    return reply.header('cache-control', REVALIDATE_CACHE).header('content-security-policy', WEB_CSP).sendFile('index.html');
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const raw = req.url.split('?')[0] ?? '/';
    if (isApiPath(raw)) return passOn(reply);
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(raw);
    } catch {
      return passOn(reply);
    }
    if (urlPath === '/' || urlPath === '/index.html') return sendIndex(reply);
    const rel = urlPath.replace(/^\/+/, '');
    const abs = path.resolve(root, rel);
    // Nothing outside the build folder, however the path is spelled.
    if (rel.includes('\0') || (abs !== root && !abs.startsWith(root + path.sep))) return passOn(reply);
    if (await isFile(abs)) {
      const hashed = rel.startsWith('assets/');
      reply.header('cache-control', hashed ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
      return reply.sendFile(rel);
    }
    if (FILE_LIKE.test(rel)) return passOn(reply);
    return sendIndex(reply);
  };

  // HEAD comes with GET (Fastify's exposeHeadRoutes).
  app.get('/*', { schema: { hide: true } }, handler);
}
