/**
 * HTTP routes for case photos: `POST /api/v1/attachments` takes the raw image as the body (the
 * simplest thing a phone can send: `Content-Type: image/jpeg`, name in `?name=`), answers the
 * id to cite in a report or a command; `GET /api/v1/attachments/{id}` serves it back.
 */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { invalid } from '../platform/errors.ts';
import { MAX_ATTACHMENT_BYTES } from './attachment-model.ts';
import type { CasesService } from './service.ts';
import { actorOf, CASE_ACTORS, CASE_READERS, CASE_REPORTERS } from './case-routes.ts';
import { Id } from './case-schemas.ts';

/** Content types accepted as upload bodies; the real type is read from the bytes. */
const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/octet-stream'];

/** Who may upload: everyone who reports or acts on cases. */
const UPLOADERS = [...new Set([...CASE_REPORTERS, ...CASE_ACTORS])];

/**
 * Registers the attachment routes.
 * @example registerAttachmentRoutes(app, cases);
 */
export function registerAttachmentRoutes(app: FastifyInstance, cases: CasesService): void {
  for (const type of UPLOAD_TYPES)
    if (!app.hasContentTypeParser(type))
      app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES + 1 }, (_req, body, done) => done(null, body));
  const r = typed(app);

  r.post(
    '/api/v1/attachments',
    {
      config: { access: { roles: UPLOADERS } },
      bodyLimit: MAX_ATTACHMENT_BYTES + 1,
      schema: {
        tags: ['cases'],
        summary: 'Upload a photo (JPEG, PNG, WebP, GIF; ≤ 10 MiB) as the raw body; cite the answered id in a report or command',
        querystring: z.object({ name: z.string().trim().min(1).max(200).optional() }),
        response: {
          201: z.object({
            id: z.string(),
            name: z.string(),
            mediaType: z.string(),
            bytes: z.number().int(),
            sha256: z.string(),
            createdAt: z.number(),
          }),
        },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        throw invalid('body', `send the image bytes with Content-Type ${UPLOAD_TYPES.join(', ')}`, 'ATTACHMENT_TYPE');
      const stored = await cases.attachments.upload(req.body, req.query.name ?? 'photo', actorOf(req.principal!));
      reply.code(201);
      return {
        id: stored.id,
        name: stored.name,
        mediaType: stored.mediaType,
        bytes: stored.bytes,
        sha256: stored.sha256,
        createdAt: stored.createdAt,
      };
    },
  );

  r.get(
    '/api/v1/attachments/:id',
    {
      // Scope is checked by the service: the photo's case must be in scope (or it is the caller's own upload).
      config: { access: { roles: CASE_READERS } },
      schema: { tags: ['cases'], summary: 'A photo of a case in the caller’s scope', params: z.object({ id: Id }) },
    },
    async (req, reply) => {
      const { ref, bytes } = await cases.attachments.download(req.params.id, actorOf(req.principal!));
      reply.header('content-type', ref.mediaType);
      reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(ref.name)}`);
      reply.header('cache-control', 'private, max-age=86400');
      return reply.send(bytes);
    },
  );
}
