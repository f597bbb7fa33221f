/**
 * HTTP routes of venue check-ins: venues (register, list, read, deactivate, counts), the public
 * check-in a venue's QR code leads to, and the investigation read.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { typed } from '../platform/http/app.ts';
import { recordScope, withinScope, type Principal } from '../platform/http/access.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { maskEmail, maskPhone } from '../platform/masking.ts';
import type { Venue } from './model.ts';
import type { CheckinService } from './service.ts';
import {
  CHECKIN_FIELDS,
  CheckInBody,
  CountsOut,
  CountsQuery,
  Id,
  INVESTIGATORS,
  NOT_COLLECTED,
  InvestigationOut,
  InvestigationQuerySchema,
  VENUE_MANAGERS,
  VENUE_VIEWERS,
  VenueBody,
  VenueCode,
  VenueListQuery,
  VenueOut,
} from './route-schemas.ts';

/** How the routes find jurisdictions named in a query. */
export interface CheckinRouteDeps {
  geo: { find(idOrCode: string): { path: string } | undefined };
}

/** Where a venue's QR code points. */
export function checkinPath(code: string): string {
  return `/api/v1/checkin/${code}`;
}

/** A venue as shown: the operator's contact in full only to those who manage venues. */
function present(v: Venue, p: Principal | null) {
  const full = p !== null && p.roles.some((r) => (VENUE_MANAGERS as readonly string[]).includes(r));
  const contact = v.operatorContact;
  return {
    id: v.id,
    code: v.code,
    checkinUrl: checkinPath(v.code),
    name: v.name,
    kind: v.kind,
    address: v.address,
    location: { lon: v.lon, lat: v.lat },
    jurisdictionId: v.jurisdictionId,
    jurisdictionPath: v.jurisdictionPath,
    operatorContact: contact === null || full ? contact : contact.includes('@') ? maskEmail(contact) : maskPhone(contact),
    active: v.active,
    createdAt: v.createdAt,
    deactivatedAt: v.deactivatedAt,
  };
}

/**
 * Registers `/api/v1/venues…` and `/api/v1/checkin…`.
 * @example registerCheckinRoutes(app, services.checkin, { geo });
 */
export function registerCheckinRoutes(app: FastifyInstance, checkin: CheckinService, deps: CheckinRouteDeps): void {
  const r = typed(app);
  const jurisdictionPath = (idOrCode: string, field: string): string => {
    const j = deps.geo.find(idOrCode);
    if (!j) throw invalid(field, 'no such jurisdiction');
    return j.path;
  };
  const venueScope = recordScope(
    'venue',
    'VENUE_NOT_FOUND',
    async (req) => (await checkin.getVenue((req.params as { id: string }).id))?.jurisdictionPath,
  );
  const VenueParams = z.object({ id: Id });

  r.post(
    '/api/v1/venues',
    {
      config: {
        access: {
          roles: VENUE_MANAGERS,
          scope: (req) => checkin.placeOf((req.body as z.infer<typeof VenueBody>).location),
          scopeMiss: 'forbidden',
          scopeField: 'body.location',
        },
      },
      schema: {
        tags: ['checkin'],
        summary:
          'Register a venue (场所码): located to its deepest jurisdiction; gets an unguessable code and the path its QR code points at',
        body: VenueBody,
        response: { 201: VenueOut },
      },
    },
    async (req, reply) => {
      const v = await checkin.registerVenue(req.body, { userId: req.principal!.userId });
      reply.code(201);
      return present(v, req.principal);
    },
  );

  r.get(
    '/api/v1/venues',
    {
      config: {
        access: {
          roles: VENUE_VIEWERS,
          scope: (req) => {
            const j = (req.query as { jurisdiction?: string }).jurisdiction;
            return j ? jurisdictionPath(j, 'query.jurisdiction') : null;
          },
          scopeMiss: 'forbidden',
          scopeField: 'query.jurisdiction',
        },
      },
      schema: {
        tags: ['checkin'],
        summary: 'Venues in a jurisdiction subtree (default: the caller’s scope), oldest first, a page at a time',
        querystring: VenueListQuery,
        response: { 200: z.object({ items: z.array(VenueOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const q = req.query;
      const scope = q.jurisdiction ? jurisdictionPath(q.jurisdiction, 'query.jurisdiction') : req.principal!.scopePath;
      const page = await checkin.listVenues(scope, {
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.active ? { active: q.active === 'true' } : {}),
      });
      return { items: page.items.map((v) => present(v, req.principal)), nextCursor: page.nextCursor };
    },
  );

  r.get(
    '/api/v1/venues/:id',
    {
      config: { access: { roles: VENUE_VIEWERS, scope: venueScope } },
      schema: { tags: ['checkin'], summary: 'One venue', params: VenueParams, response: { 200: VenueOut } },
    },
    async (req) => present((await checkin.getVenue(req.params.id))!, req.principal),
  );

  r.post(
    '/api/v1/venues/:id/deactivate',
    {
      config: { access: { roles: VENUE_MANAGERS, scope: venueScope } },
      schema: {
        tags: ['checkin'],
        summary: 'Stop a venue’s code accepting check-ins (410 VENUE_INACTIVE); its records stay until retention ends',
        params: VenueParams,
        response: { 200: VenueOut },
      },
    },
    async (req) => present(await checkin.deactivateVenue(req.params.id), req.principal),
  );

  r.get(
    '/api/v1/venues/:id/counts',
    {
      config: { access: { roles: VENUE_VIEWERS, scope: venueScope } },
      schema: {
        tags: ['checkin'],
        summary:
          'Check-ins at a venue per hour or day (city time) by health status, at most 31 days; counts under 5 are hidden (null), ' +
          'and a bucket’s breakdown is hidden when any colour in it is under 5',
        params: VenueParams,
        querystring: CountsQuery,
        response: { 200: CountsOut },
      },
    },
    async (req) => checkin.counts(req.params.id, req.query),
  );

  r.post(
    '/api/v1/checkin/:venueCode',
    {
      config: { access: { public: true } },
      // Per IP: the platform's limit on every public route (security-rate-limit.ts); per person key: the service.
      // Fields beyond the three are named one by one before validation (zod's strict check names only the body).
      preValidation: async (req) => {
        const body: unknown = req.body;
        if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
        const extra = Object.keys(body).find((k) => !(CHECKIN_FIELDS as readonly string[]).includes(k));
        if (extra !== undefined) throw invalid(`body.${extra}`, NOT_COLLECTED);
      },
      schema: {
        tags: ['checkin'],
        summary:
          'Check in at a venue (public; the venue’s QR code leads here). Only personKey (the health-code app’s pseudonymous key, stored ' +
          'as a keyed hash), at (default now; ≤ 24 h past, ≤ 5 min future) and healthStatus are accepted — any other field is refused. ' +
          '429 with Retry-After per IP and per person key',
        params: z.object({ venueCode: VenueCode }),
        body: CheckInBody,
        response: { 201: z.object({ venueName: z.string(), at: z.number() }) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const out = await checkin.checkIn(req.params.venueCode, {
        personKey: b.personKey,
        healthStatus: b.healthStatus,
        ...(b.at !== undefined ? { at: b.at } : {}),
      });
      reply.code(201);
      return out;
    },
  );

  r.get(
    '/api/v1/checkin/investigations',
    {
      config: {
        access: {
          roles: INVESTIGATORS,
          scope: async (req, p) => {
            const q = req.query as { venueId?: string; jurisdiction?: string };
            if (q.venueId) {
              const v = await checkin.getVenue(q.venueId);
              // Missing and out of scope answer alike, so the code does not tell a venue exists.
              if (!v || !withinScope(v.jurisdictionPath, p.scopePath)) throw notFound('venue', 'VENUE_NOT_FOUND');
              return v.jurisdictionPath;
            }
            return q.jurisdiction ? jurisdictionPath(q.jurisdiction, 'query.jurisdiction') : null;
          },
        },
      },
      schema: {
        tags: ['checkin'],
        summary:
          'Epidemic investigation (流调): check-ins at a venue (venueId) or of a person (personKey, within a jurisdiction) in a window. ' +
          'Needs an approved, active epidemic_investigation grant naming the case and covering the place (403 GRANT_REQUIRED); ' +
          'people appear as pseudonyms valid in this answer only; every read is audited',
        querystring: InvestigationQuerySchema,
        response: { 200: InvestigationOut },
      },
    },
    async (req) => {
      const p = req.principal!;
      const q = req.query;
      const who = { userId: p.userId, username: p.username, scopePath: p.scopePath };
      const base = { caseId: q.caseId, from: q.from, to: q.to };
      if (q.venueId !== undefined) return checkin.investigate(who, { ...base, venueId: q.venueId });
      return checkin.investigate(who, {
        ...base,
        personKey: q.personKey!,
        ...(q.jurisdiction ? { jurisdictionPath: jurisdictionPath(q.jurisdiction, 'query.jurisdiction') } : {}),
      });
    },
  );
}
