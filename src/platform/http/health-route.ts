/** `GET /api/v1/health`: is storage answering, and which version runs. Public. */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { typed } from './app.ts';

/** What the health route reports on. */
export interface HealthDeps {
  version: string;
  storage: { dialect: string; ping(): Promise<boolean> };
  startedAt: number;
  now(): number;
}

/** Registers the health route. */
export function registerHealthRoute(app: FastifyInstance, deps: HealthDeps): void {
  typed(app).get(
    '/api/v1/health',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['platform'],
        summary: 'Liveness and storage status',
        response: {
          200: z.object({
            status: z.literal('ok'),
            version: z.string(),
            storage: z.object({ dialect: z.string(), ok: z.boolean() }),
            uptimeMs: z.number(),
          }),
          503: z.object({
            status: z.literal('degraded'),
            version: z.string(),
            storage: z.object({ dialect: z.string(), ok: z.boolean() }),
            uptimeMs: z.number(),
          }),
        },
      },
    },
    async (_req, reply) => {
      const ok = await deps.storage.ping();
      const body = { version: deps.version, storage: { dialect: deps.storage.dialect, ok }, uptimeMs: deps.now() - deps.startedAt };
      return ok ? { status: 'ok' as const, ...body } : reply.code(503).send({ status: 'degraded' as const, ...body });
    },
  );
}
