/**
 * The portal's request and answer shapes (zod). Shape only: sizes, categories and places are
 * judged by the citizen core, which answers 422 naming the field; so the bounds here are loose
 * guards against absurd bodies, not the limits themselves.
 */
import { z } from 'zod';
import { CRS_LIST } from '../../geo/crs.ts';
import { CASE_STATES } from '../../cases/case-types.ts';

/** Who moderates: the desk roles of a centre. */
export const MODERATORS = ['admin', 'shift_lead', 'intake'] as const;

const Text = (max: number) => z.string().max(max);

/** A follow token (base64url). */
export const Token = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/u, 'not a follow token');

/** `POST /api/v1/public/reports`. */
export const ReportBody = z.object({
  category: Text(20),
  description: Text(20_000),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  crs: z.enum(CRS_LIST).optional(),
  address: Text(500).nullish(),
  contact: z
    .object({
      name: Text(100).nullish(),
      phone: z
        .string()
        .max(30)
        .regex(/^[0-9+\-() ]*$/u, 'digits, spaces, + - ( ) only')
        .nullish(),
      email: z.string().max(200).email().nullish().or(z.literal('')),
    })
    .nullish(),
  photos: z.array(z.string().max(64)).max(20).optional(),
});

/** The answer to a submission. */
export const SubmissionOut = z.object({
  token: z.string(),
  state: z.enum(['accepted', 'held', 'rejected']),
  caseId: z.string().nullable(),
  caseCode: z.string().nullable(),
  duplicateOf: z.string().nullable(),
  reason: z.string().nullable().optional(),
});

const State = z.enum(CASE_STATES);

/** A public report. */
export const PublicReportOut = z.object({
  caseId: z.string(),
  code: z.string(),
  token: z.string().nullable(),
  category: z.string(),
  status: z.enum(['open', 'closed']),
  state: State,
  statusNotes: z.string().nullable(),
  agencyResponsible: z.string().nullable(),
  description: z.string().nullable(),
  address: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
  requestedAt: z.number(),
  updatedAt: z.number(),
  expectedAt: z.number().nullable(),
  mediaUrls: z.array(z.string()),
  duplicateOf: z.string().nullable(),
  rating: z.number().nullable(),
});

/** One step of the public history. */
export const StatusUpdateOut = z.object({
  id: z.string(),
  at: z.number(),
  status: z.enum(['open', 'closed']),
  state: State,
  note: z.string().nullable(),
});

/**
 * What a follow token answers: the report (its fields null while no case exists: held or
 * rejected), the history and where the submission stands.
 */
export const FollowOut = PublicReportOut.extend({
  caseId: z.string().nullable(),
  code: z.string().nullable(),
  status: z.enum(['open', 'closed']).nullable(),
  state: State.nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  requestedAt: z.number(),
  updatedAt: z.number().nullable(),
  history: z.array(StatusUpdateOut),
  submission: z.object({ state: z.enum(['accepted', 'held', 'rejected']), reason: z.string().nullable() }),
});

/** `GET /api/v1/public/reports` (nearby). */
export const NearbyQuery = z.object({
  lon: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  radius: z.coerce.number().int().min(1).max(2000).default(300),
  category: Text(20).optional(),
  crs: z.enum(CRS_LIST).optional(),
});

/** `POST …/rating`. */
export const RatingBody = z.object({ score: z.number().int().min(1).max(5), comment: Text(500).nullish() });

/** A submission as the moderator sees it. */
export const HeldOut = z.object({
  id: z.string(),
  state: z.enum(['accepted', 'held', 'rejected']),
  channel: z.enum(['portal', 'open311']),
  category: z.string(),
  description: z.string(),
  address: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
  flags: z.array(z.string()),
  reason: z.string().nullable(),
  photos: z.array(z.string()),
  jurisdictionPath: z.string(),
  createdAt: z.number(),
  caseCode: z.string().nullable(),
});
