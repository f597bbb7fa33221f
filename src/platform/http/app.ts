/**
 * Builds the HTTP app (Fastify 5) with zod validation, OpenAPI at /api/docs, problem+json
 * errors, security headers and the access guard. Modules add their routes afterwards.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { installProblemHandlers } from './problem-handler.ts';
import { installAccessGuard, type Authenticator, type DeclaredRoute } from './access-guard.ts';

/** What the HTTP app needs. */
export interface HttpAppOptions {
  authenticate: Authenticator;
  version: string;
  logLevel?: string;
  /** Largest request body accepted, bytes. */
  bodyLimit?: number;
}

/** The built app and the registry of declared routes. */
export interface BuiltHttpApp {
  app: FastifyInstance;
  routes: DeclaredRoute[];
}

/**
 * Creates the app; call `app.ready()` after registering routes.
 * @example const { app } = await createHttpApp({ authenticate, version: '0.1.0' });
 */
export async function createHttpApp(options: HttpAppOptions): Promise<BuiltHttpApp> {
  const app = Fastify({
    logger: options.logLevel && options.logLevel !== 'silent' ? { level: options.logLevel } : false,
    bodyLimit: options.bodyLimit ?? 8 * 1024 * 1024,
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'cityops API',
        description: 'City operations platform (一网统管): city model, directory, cases, sensing.',
        version: options.version,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cityops_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  const routes = installAccessGuard(app, options.authenticate);
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
  });
  return { app, routes };
}

/** The app with the zod type provider, for typed route definitions. */
export function typed(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}
