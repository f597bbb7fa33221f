/** HTTP routes of the city model. Boundaries are public, so these need no sign-in. */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { AppError } from '../platform/errors.ts';
import { LEVELS } from './model.ts';
import { CRS_LIST } from './crs.ts';
import type { GeoService } from './service.ts';

const PUBLIC = { access: { public: true } } as const;

const Lon = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);
const CrsParam = z.enum(CRS_LIST).default('wgs84').describe('coordinate system of the input points');

const Ref = z.object({ id: z.string(), code: z.string(), name: z.string(), level: z.enum(LEVELS) });
const Chain = z.array(Ref).describe('containing jurisdictions from the city down to the deepest level');
const JurisdictionOut = Ref.extend({
  parentId: z.string().nullable(),
  path: z.string(),
  depth: z.number(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  center: z.tuple([z.number(), z.number()]),
});

/** Registers the geo routes. */
export function registerGeoRoutes(app: FastifyInstance, geo: GeoService): void {
  const r = typed(app);

  r.get(
    '/api/v1/geo/locate',
    {
      config: PUBLIC,
      schema: {
        tags: ['geo'],
        summary: 'Which jurisdictions contain a point',
        querystring: z.object({ lon: z.coerce.number().pipe(Lon), lat: z.coerce.number().pipe(Lat), crs: CrsParam }),
        response: { 200: z.object({ chain: Chain }) },
      },
    },
    async (req) => {
      const chain = geo.locate(req.query.lon, req.query.lat, req.query.crs);
      if (chain.length === 0)
        throw new AppError(404, 'OUTSIDE_ALL_JURISDICTIONS', 'the point lies in no jurisdiction', [
          { field: 'query.lon', message: 'point outside every jurisdiction' },
        ]);
      return { chain };
    },
  );

  r.post(
    '/api/v1/geo/locate',
    {
      config: PUBLIC,
      schema: {
        tags: ['geo'],
        summary: 'Locate up to 10,000 points at once',
        querystring: z.object({ crs: CrsParam }),
        body: z.array(z.object({ lon: Lon, lat: Lat })).max(10_000),
        response: { 200: z.object({ results: z.array(z.object({ chain: Chain })) }) },
      },
    },
    async (req) => ({ results: geo.locateMany(req.body, req.query.crs).map((chain) => ({ chain })) }),
  );

  r.get(
    '/api/v1/jurisdictions',
    {
      config: PUBLIC,
      schema: {
        tags: ['geo'],
        summary: 'List jurisdictions by level or parent',
        querystring: z.object({ level: z.enum(LEVELS).optional(), parent: z.string().max(64).optional() }),
        response: { 200: z.object({ items: z.array(JurisdictionOut) }) },
      },
    },
    async (req) => {
      const { level, parent } = req.query;
      let items = parent !== undefined ? [...geo.childrenOf(geo.require(parent).id)] : geo.list(level);
      if (parent !== undefined && level) items = items.filter((j) => j.level === level);
      return { items };
    },
  );

  r.get(
    '/api/v1/jurisdictions/:id',
    {
      config: PUBLIC,
      schema: {
        tags: ['geo'],
        summary: 'One jurisdiction (by id or code) with its ancestors and children count',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: JurisdictionOut.extend({ ancestors: z.array(Ref), childCount: z.number() }) },
      },
    },
    async (req) => {
      const j = geo.require(req.params.id);
      return {
        ...j,
        ancestors: geo.ancestors(j.id).map(({ id, code, name, level }) => ({ id, code, name, level })),
        childCount: geo.childrenOf(j.id).length,
      };
    },
  );

  r.get(
    '/api/v1/jurisdictions/:id/boundary',
    {
      config: PUBLIC,
      schema: {
        tags: ['geo'],
        summary: 'Boundary of one jurisdiction as a GeoJSON Feature (WGS-84)',
        params: z.object({ id: z.string().max(64) }),
      },
    },
    async (req) => {
      const j = geo.require(req.params.id);
      const geometry = await geo.geometry(j.id);
      return { type: 'Feature', id: j.id, properties: { code: j.code, name: j.name, level: j.level }, geometry };
    },
  );
}
