/**
 * The platform serves the built browser app on the API's port: index.html at `/` and at every
 * app path (SPA fallback), hashed assets with their content type and a year's cache, index.html
 * revalidated, and `/api/…` misses still JSON problems — never the app's HTML.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ensureWebBuild } from '../support/web-build.ts';
import { installProblemHandlers } from '../../src/platform/http/problem-handler.ts';
import { IMMUTABLE_CACHE, registerWebStatic } from '../../src/platform/http/web-static.ts';

let p: TestPlatform;
let indexHtml: string;

beforeAll(async () => {
  indexHtml = ensureWebBuild();
  p = await startTestPlatform({ pipeline: false });
});
afterAll(async () => {
  await p?.dispose();
});

function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
}

describe('the browser app on the platform port', () => {
  it.each([
    '/',
    '/index.html',
    '/signin',
    '/screen',
    '/work',
    '/cases/0190abcd-0000-7000-8000-000000000000',
    '/work?q=to-verify',
    '/no/such/page',
  ])('GET %s answers index.html, revalidated, with the CSP', async (url) => {
    const res = await p.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(res.body).toBe(indexHtml);
    expect(res.body).toContain('<div id="root"></div>');
  });

  it('HEAD / answers like GET without a body', async () => {
    const res = await p.app.inject({ method: 'HEAD', url: '/work' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toBe('');
  });

  it('index.html revalidates with its ETag (304)', async () => {
    const first = await p.app.inject({ method: 'GET', url: '/' });
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    const again = await p.app.inject({ method: 'GET', url: '/screen', headers: { 'if-none-match': String(etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('serves the hashed assets with their content type, cached for a year', async () => {
    const assets = assetsOf(indexHtml);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const a of assets) {
      const res = await p.app.inject({ method: 'GET', url: a });
      expect(res.statusCode, a).toBe(200);
      expect(res.headers['content-type'], a).toMatch(a.endsWith('.js') ? /^(?:text|application)\/javascript/ : /^text\/css/);
      expect(res.headers['cache-control'], a).toBe(IMMUTABLE_CACHE);
      expect(res.body.length, a).toBeGreaterThan(100);
    }
  });

  it('serves unhashed public files (the icon) revalidated', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('a missing asset is a 404 problem, not the app (so a stale page fails loudly)', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/assets/index-doesnotexist.js' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each([
    ['GET', '/api'],
    ['GET', '/api/'],
    ['GET', '/api/v1'],
    ['GET', '/api/v1/no-such-route'],
    ['GET', '/api/v2/cases'],
    ['HEAD', '/api/v1/no-such-route'],
    ['POST', '/api/v1/no-such-route'],
    ['POST', '/work'],
  ])('%s %s stays a JSON problem (404), never index.html', async (method, url) => {
    const res = await p.app.inject({ method: method as 'GET', url });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (method !== 'HEAD') expect(res.json<{ code: string }>().code).toBe('ROUTE_NOT_FOUND');
  });

  it('the API still answers its own routes and docs', async () => {
    const health = await p.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(200);
    expect(health.headers['content-type']).toMatch(/^application\/json/);
    const docs = await p.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(docs.statusCode).toBe(200);
    // An anonymous call to a guarded route is still 401 JSON, not the app.
    const me = await p.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(401);
    expect(me.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each(['/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2f..%2fpackage.json', '/%00index.html'])(
    'nothing outside web/dist: %s',
    async (url) => {
      const res = await p.app.inject({ method: 'GET', url });
      expect(res.body).not.toContain('"name": "cityops"');
      expect(res.body).not.toContain('devDependencies');
    },
  );
});

describe('before the first build', () => {
  it('answers 503 with how to build, and API misses stay problems', async () => {
    const app = Fastify();
    installProblemHandlers(app);
    await registerWebStatic(app, { root: '/nonexistent/cityops-web-dist', buildHint: 'npm run build:web' });
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/work' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    const api = await app.inject({ method: 'GET', url: '/api/v1/x' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    await app.close();
  });
});
