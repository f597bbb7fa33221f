/**
 * `GET /api/v1/demo/accounts`: the demo sign-ins for the sign-in page — usernames, roles,
 * display names and scopes, never passwords (the page states the one shared demo password).
 * Public, and only on a platform started with the demo: otherwise it answers 404, so a real
 * deployment does not list who may sign in.
 */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { notFound } from '../platform/errors.ts';
import type { GeoService } from '../geo/service.ts';
import type { DirectoryService } from '../directory/service.ts';
import { generateDemoDirectory } from '../directory/demo-directory.ts';
import { ROLE_LIST } from '../directory/roles.ts';

/** What the demo route needs. */
export interface DemoRouteDeps {
  /** The platform runs with the demo (`config.demo`). */
  enabled: boolean;
  geo: Pick<GeoService, 'list' | 'get'>;
  directory: Pick<DirectoryService, 'listUsers'>;
}

const AccountOut = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLE_LIST)),
  scope: z.object({ id: z.string(), name: z.string(), level: z.string() }).nullable(),
});

/** The demo usernames in the generator's order (admin, shift lead, dispatcher, …). */
function demoUsernames(geo: DemoRouteDeps['geo']): string[] {
  const districts = geo.list('district');
  const districtCode = new Map(districts.map((d) => [d.id, d.code]));
  const streets = geo.list('street').flatMap((s) => {
    const code = s.parentId ? districtCode.get(s.parentId) : undefined;
    return code ? [{ code: s.code, name: s.name, districtCode: code }] : [];
  });
  if (districts.length === 0 || streets.length === 0) return [];
  return generateDemoDirectory({ districts: districts.map((d) => ({ code: d.code, name: d.name })), streets }).users.map((u) => u.username);
}

/**
 * Registers `GET /api/v1/demo/accounts`.
 * @example registerDemoRoutes(app, { enabled: config.demo, geo, directory });
 */
export function registerDemoRoutes(app: FastifyInstance, deps: DemoRouteDeps): void {
  let usernames: string[] | null = null;
  typed(app).get(
    '/api/v1/demo/accounts',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['demo'],
        summary: 'The demo sign-ins (no passwords); 404 unless the platform runs with the demo',
        response: { 200: z.object({ accounts: z.array(AccountOut) }) },
      },
    },
    async () => {
      if (!deps.enabled) throw notFound('demo', 'DEMO_OFF');
      const city = deps.geo.list('city')[0];
      if (!city) return { accounts: [] };
      usernames ??= demoUsernames(deps.geo);
      const users = new Map((await deps.directory.listUsers(city.path)).map((u) => [u.username, u]));
      const accounts = usernames.flatMap((name) => {
        const u = users.get(name);
        if (!u || u.disabled) return [];
        const j = deps.geo.get(u.jurisdictionId);
        return [
          {
            username: u.username,
            displayName: u.displayName,
            roles: u.roles,
            scope: j ? { id: j.id, name: j.name, level: j.level } : null,
          },
        ];
      });
      return { accounts };
    },
  );
}
