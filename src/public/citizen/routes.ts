/**
 * The portal's HTTP API (issue 7): citizens report, follow by token, look at open reports
 * nearby and rate after closing — all without signing in; moderators (signed in, scoped by the
 * report's place) approve or reject held reports. Answers are JSON, so text a citizen wrote
 * (HTML included) reaches a page only as text.
 */
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { typed } from '../../platform/http/app.ts';
import { recordScope } from '../../platform/http/access.ts';
import { notFound } from '../../platform/errors.ts';
import { toWgs84 } from '../../geo/crs.ts';
import { refused, type CitizenService } from './service.ts';
import { MAX_PHOTO_BYTES } from './photo-service.ts';
import {
  FollowOut,
  HeldOut,
  MODERATORS,
  NearbyQuery,
  PublicReportOut,
  RatingBody,
  ReportBody,
  SubmissionOut,
  Token,
} from './route-schemas.ts';

/** What the routes need beside the service. */
export interface CitizenRouteDeps {
  geo: unknown;
}

/**
 * Registers `/api/v1/public/reports…` and `/api/v1/moderation/submissions…`.
 * @example registerCitizenRoutes(app, services.citizen, { geo });
 */
export function registerCitizenRoutes(app: FastifyInstance, citizen: CitizenService, _deps: CitizenRouteDeps): void {
  const r = typed(app);
  const TokenParams = z.object({ token: Token });
  // Multipart for photo uploads; streamed, one file, 5 MB (the part past it is refused, not buffered).
  if (!app.hasContentTypeParser('multipart/form-data'))
    void app.register(multipart, { limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 5, parts: 6 } });

  r.post(
    '/api/v1/public/photos',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['public'],
        summary:
          'Upload a photo for a report (no sign-in): multipart field `photo`, JPEG, PNG or WebP, at most 5 MB. EXIF, XMP, IPTC and ' +
          'comments (GPS position above all) are removed before it is stored; cite the answered id in `photos` of the report',
        response: { 201: z.object({ id: z.string(), mediaType: z.string(), bytes: z.number().int() }) },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw refused('photo', 'send multipart/form-data with the image in the field photo', 'PHOTO_TYPE');
      const part = await req.file();
      if (!part || part.fieldname !== 'photo') throw refused('photo', 'send the image in the multipart field photo');
      const bytes = await part.toBuffer();
      const out = await citizen.photos.upload(bytes, { ip: req.ip });
      reply.code(201);
      return out;
    },
  );

  r.get(
    '/api/v1/public/photos/:id',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['public'],
        summary: 'A photo of a published report (metadata already removed)',
        params: z.object({ id: z.string().min(1).max(64) }),
      },
    },
    async (req, reply) => {
      const photo = await citizen.photos.read(req.params.id);
      reply.header('content-type', photo.mediaType);
      reply.header('cache-control', 'public, max-age=86400');
      return reply.send(photo.bytes);
    },
  );

  r.post(
    '/api/v1/public/reports',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['public'],
        summary:
          'Report a problem (no sign-in). Contact is optional (anonymous allowed) and never shown publicly. Keep the answered token to ' +
          'follow the report. Flagged text is held for moderation (no case yet). 422 names the field; 429 with Retry-After per IP and contact',
        body: ReportBody,
        response: { 201: SubmissionOut },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const out = await citizen.submit(
        {
          channel: 'portal',
          category: b.category,
          description: b.description,
          location: { lon: b.lon, lat: b.lat, ...(b.crs ? { crs: b.crs } : {}), address: b.address ?? null },
          contact: b.contact ? { name: b.contact.name ?? null, phone: b.contact.phone ?? null, email: b.contact.email || null } : null,
          photos: b.photos ?? [],
        },
        { ip: req.ip },
      );
      reply.code(201);
      return out;
    },
  );

  r.get(
    '/api/v1/public/reports/:token',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['public'],
        summary: 'Follow a report by its token: the public view, its status history and where the submission stands',
        params: TokenParams,
        response: { 200: FollowOut },
      },
    },
    async (req) => {
      const f = await citizen.follow(req.params.token);
      if (!f) throw notFound('report', 'REPORT_NOT_FOUND');
      const submission = { state: f.submission.state, reason: f.submission.reason };
      if (f.report) return { ...f.report, history: f.history, submission };
      // No case (held or rejected): the submission alone, no personal data.
      return {
        caseId: null,
        code: null,
        token: req.params.token,
        category: f.submission.category,
        status: null,
        state: null,
        statusNotes: f.submission.reason,
        agencyResponsible: null,
        description: null,
        address: null,
        lon: null,
        lat: null,
        requestedAt: f.submission.createdAt,
        updatedAt: null,
        expectedAt: null,
        mediaUrls: [],
        duplicateOf: null,
        rating: null,
        history: [],
        submission,
      };
    },
  );

  r.get(
    '/api/v1/public/reports',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['public'],
        summary: 'Open citizen reports near a point (default 300 m, at most 2 km), newest first — to look before reporting again',
        querystring: NearbyQuery,
        response: { 200: z.object({ items: z.array(PublicReportOut) }) },
      },
    },
    async (req) => {
      const q = req.query;
      const [lon, lat] = toWgs84(q.lon, q.lat, q.crs ?? 'wgs84');
      const items = await citizen.list({
        near: { lon, lat, radiusM: q.radius },
        status: 'open',
        ...(q.category ? { categories: [q.category] } : {}),
        limit: 100,
      });
      return { items };
    },
  );

  r.post(
    '/api/v1/public/reports/:token/rating',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['public'],
        summary: 'Rate a report 1–5 once its case is closed; once only (409 otherwise)',
        params: TokenParams,
        body: RatingBody,
        response: { 201: z.object({ score: z.number() }) },
      },
    },
    async (req, reply) => {
      await citizen.rate(req.params.token, req.body.score, req.body.comment ?? null);
      reply.code(201);
      return { score: req.body.score };
    },
  );

  const moderator = (p: { userId: string; username: string; scopePath: string }) => ({
    userId: p.userId,
    username: p.username,
    scopePath: p.scopePath,
  });
  const submissionScope = recordScope('submission', 'SUBMISSION_NOT_FOUND', (req) =>
    citizen.moderation.pathOf((req.params as { id: string }).id),
  );
  const IdParams = z.object({ id: z.string().min(1).max(64) });

  r.get(
    '/api/v1/moderation/submissions',
    {
      config: { access: { roles: MODERATORS } },
      schema: {
        tags: ['public'],
        summary: 'Citizen submissions in a state (default held) inside the caller’s jurisdiction, oldest first',
        querystring: z.object({
          state: z.enum(['held', 'accepted', 'rejected']).default('held'),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
        response: { 200: z.object({ items: z.array(HeldOut) }) },
      },
    },
    async (req) => ({ items: await citizen.moderation.list(req.query.state, moderator(req.principal!), req.query.limit) }),
  );

  r.post(
    '/api/v1/moderation/submissions/:id/approve',
    {
      config: { access: { roles: MODERATORS, scope: submissionScope } },
      schema: {
        tags: ['public'],
        summary: 'Approve a held submission: its case is filed now (duplicates joined); audited',
        params: IdParams,
        response: { 200: z.object({ caseId: z.string(), caseCode: z.string(), duplicateOf: z.string().nullable() }) },
      },
    },
    async (req) => citizen.moderation.approve(req.params.id, moderator(req.principal!)),
  );

  r.post(
    '/api/v1/moderation/submissions/:id/reject',
    {
      config: { access: { roles: MODERATORS, scope: submissionScope } },
      schema: {
        tags: ['public'],
        summary: 'Reject a held submission with a reason the citizen sees; the held contact is forgotten; audited',
        params: IdParams,
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
        response: { 200: z.object({ state: z.literal('rejected') }) },
      },
    },
    async (req) => {
      await citizen.moderation.reject(req.params.id, req.body.reason, moderator(req.principal!));
      return { state: 'rejected' as const };
    },
  );
}
