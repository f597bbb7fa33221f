/**
 * The check-in routes' schemas (zod): what venues, check-ins, counts and investigations look
 * like on the wire. The public check-in body is closed: any field beyond the three the purpose
 * needs is refused by name (minimum collection, see model.ts).
 */
import { z } from 'zod';
import { HEALTH_STATUSES, VENUE_KIND_LIST } from './model.ts';
import { COUNT_BUCKETS } from './counts-model.ts';
import { ROLE_LIST } from '../directory/roles.ts';

/** Who registers and deactivates venues. */
export const VENUE_MANAGERS = ['admin', 'shift_lead'] as const;
/** Who sees venues and their counts: every person's role, not machine accounts (gateways). */
export const VENUE_VIEWERS: readonly string[] = ROLE_LIST.filter((r) => r !== 'gateway');
/**
 * Who may ask an investigation question at all; the grant decides whether it is answered.
 * Not admins (who manage accounts) nor auditors (who review reads, not make them).
 */
export const INVESTIGATORS = ['shift_lead', 'dispatcher', 'handler', 'community_worker', 'inspector'] as const;

export const Id = z.string().min(1).max(64);
/** A venue code as issued: 22 URL-safe characters (128 bits); a little slack for future formats. */
export const VenueCode = z
  .string()
  .min(16)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a venue code');

/** Epoch ms as a query parameter, or ISO-8601 with an offset. */
const QueryInstant = z.union([
  z.iso.datetime({ offset: true }).transform((t) => Date.parse(t)),
  z
    .string()
    .regex(/^\d{1,15}$/, 'epoch milliseconds or ISO-8601 with an offset')
    .transform(Number),
]);

/** The only fields a check-in carries. */
export const CHECKIN_FIELDS = ['personKey', 'at', 'healthStatus'] as const;

/** Why any other field is refused (named by the route before validation). */
export const NOT_COLLECTED = `not collected: a check-in holds only ${CHECKIN_FIELDS.join(', ')}`;

/** The public check-in body: exactly the person key, the time (optional) and the colour shown. */
export const CheckInBody = z.strictObject({
  personKey: z
    .string()
    .min(8)
    .max(256)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
  at: z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((t) => Date.parse(t))]).optional(),
  healthStatus: z.enum(HEALTH_STATUSES),
});

export const VenueBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(VENUE_KIND_LIST),
    address: z.string().trim().min(1).max(500),
    location: z.object({
      lon: z.number().min(-180).max(180),
      lat: z.number().min(-90).max(90),
      crs: z.enum(['wgs84', 'gcj02', 'bd09']).optional(),
    }),
    operatorContact: z.string().trim().min(1).max(200).nullable().optional(),
  })
  .strict();

export const VenueOut = z.object({
  id: z.string(),
  code: z.string(),
  /** Path the venue's QR code points at (relative to the platform's address). */
  checkinUrl: z.string(),
  name: z.string(),
  kind: z.string(),
  address: z.string(),
  location: z.object({ lon: z.number(), lat: z.number() }),
  jurisdictionId: z.string(),
  jurisdictionPath: z.string(),
  operatorContact: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.number(),
  deactivatedAt: z.number().nullable(),
});

export const VenueListQuery = z.object({
  jurisdiction: z.string().min(1).max(64).optional().describe('jurisdiction id or code: its whole subtree (default: the caller’s scope)'),
  active: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const CountsQuery = z.object({
  from: QueryInstant,
  to: QueryInstant,
  bucket: z.enum(COUNT_BUCKETS).default('hour'),
});

const Cell = { total: z.number().nullable(), byStatus: z.object({ green: z.number(), yellow: z.number(), red: z.number() }).nullable() };
export const CountsOut = z.object({
  bucket: z.enum(COUNT_BUCKETS),
  from: z.number(),
  to: z.number(),
  buckets: z.array(z.object({ start: z.number(), ...Cell })),
  overall: z.object(Cell),
  smallestShown: z.number(),
});

export const InvestigationQuerySchema = z
  .object({
    caseId: Id,
    venueId: Id.optional(),
    personKey: z.string().min(8).max(256).optional(),
    jurisdiction: z.string().min(1).max(64).optional().describe('with personKey: the subtree to search (default: the caller’s scope)'),
    from: QueryInstant,
    to: QueryInstant,
  })
  .refine((q) => (q.venueId === undefined) !== (q.personKey === undefined), {
    message: 'give venueId or personKey, not both',
    path: ['venueId'],
  })
  .refine((q) => q.venueId === undefined || q.jurisdiction === undefined, { message: 'only with personKey', path: ['jurisdiction'] });

export const InvestigationOut = z.object({
  queryId: z.string(),
  caseId: z.string(),
  grantId: z.string(),
  by: z.enum(['venue', 'person']),
  from: z.number(),
  to: z.number(),
  records: z.array(
    z.object({ person: z.string(), venueId: z.string(), venueName: z.string(), at: z.number(), healthStatus: z.enum(HEALTH_STATUSES) }),
  ),
  persons: z.number(),
  truncated: z.boolean(),
});
