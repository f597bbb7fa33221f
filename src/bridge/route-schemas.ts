/**
 * The bridge routes' schemas (zod): the request a source system posts, systems, the mapping and
 * callbacks as admins see them.
 */
import { z } from 'zod';
import { CRS_LIST } from '../geo/crs.ts';
import { BRIDGE_CHANNELS } from './bridge-model.ts';

/** Who posts requests: a source system's machine account (bound to the system by an admin). */
export const BRIDGE_POSTERS = ['gateway'] as const;
/** Who manages systems, the mapping and callbacks: admins at the city. */
export const BRIDGE_ADMINS = ['admin'] as const;

export const Id = z.string().min(1).max(64);

/** The external id: the other system's number for the request; no spaces or control characters. */
const ExternalId = z
  .string()
  .trim()
  .min(1)
  .max(90)
  .regex(/^[^\s\p{Cc}]+$/u, 'no spaces or control characters');

const Coordinates = z.strictObject({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  crs: z.enum(CRS_LIST).optional(),
});
const AddressOnly = z.strictObject({ address: z.string().trim().min(1).max(500) });

/** The request body (issue 7, contract: POST /api/v1/bridge/requests). */
export const BridgeRequestBody = z.strictObject({
  externalId: ExternalId,
  channel: z.enum(BRIDGE_CHANNELS),
  category: z.string().trim().min(1).max(100),
  categoryCode: z.string().trim().min(1).max(10).optional(),
  location: z.union([Coordinates, AddressOnly]),
  address: z.string().trim().min(1).max(500).optional(),
  contact: z
    .strictObject({
      name: z.string().trim().min(1).max(100).optional(),
      phone: z
        .string()
        .trim()
        .regex(/^[\d+\- ]{3,20}$/, 'digits, +, - and spaces (3–20)')
        .optional(),
    })
    .optional(),
  text: z.string().trim().min(1).max(4000),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});

export const IntakeOut = z.object({ externalId: z.string(), caseId: z.string(), caseCode: z.string(), created: z.boolean() });

export const SystemBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  channel: z.enum(BRIDGE_CHANNELS),
  callbackUrl: z.string().min(1).max(2000),
  gatewayUserId: Id.nullable().optional(),
});

export const SystemPatch = z.strictObject({
  callbackUrl: z.string().min(1).max(2000).optional(),
  gatewayUserId: Id.nullable().optional(),
  active: z.boolean().optional(),
});

export const SystemOut = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.string(),
  callbackUrl: z.string(),
  gatewayUserId: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.number(),
  createdBy: z.string(),
  updatedAt: z.number(),
});

const MappingEntryBody = z.strictObject({ text: z.string().trim().min(1).max(100), category: z.string().trim().min(1).max(10) });
export const MappingBody = z.strictObject({ items: z.array(MappingEntryBody).min(1).max(5000) });
export const MappingOut = z.object({
  items: z.array(z.object({ text: z.string(), category: z.string() })),
  source: z.enum(['custom', 'default']).describe('default: the shipped mapping, until an admin sets one'),
});

export const CALLBACK_STATES = ['pending', 'delivered', 'dead'] as const;

export const CallbackOut = z.object({
  id: z.string(),
  systemId: z.string(),
  system: z.string().describe('the system’s name'),
  caseId: z.string(),
  caseCode: z.string(),
  externalId: z.string(),
  event: z.string(),
  attempts: z.number(),
  state: z.enum(CALLBACK_STATES),
  nextAttemptAt: z.number().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  deliveredAt: z.number().nullable(),
});

export const CallbackQuery = z.object({
  state: z.enum(CALLBACK_STATES).optional(),
  caseId: Id.optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
