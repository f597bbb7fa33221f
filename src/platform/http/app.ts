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
import { installSecurityHeaders } from './security-headers.ts';
import { DEFAULT_RATE_LIMITS, installRateLimits, type RateLimits } from './security-rate-limit.ts';
import { loggerOptions, type LogStream } from './security-logging.ts';

/** What the HTTP app needs. */
export interface HttpAppOptions {
  authenticate: Authenticator;
  version: string;
  logLevel?: string;
  /** Largest request body accepted, bytes. */
  bodyLimit?: number;
  /** Where log lines go (tests capture them); stdout when absent. */
  logStream?: LogStream;
  /** The platform is reached over HTTPS: send Strict-Transport-Security. */
  hsts?: boolean;
  /** Per-IP limits on password checks and public endpoints (defaults: {@link DEFAULT_RATE_LIMITS}). */
  rateLimits?: RateLimits;
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
    logger: loggerOptions(options.logLevel, options.logStream),
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
  await installRateLimits(app, options.rateLimits ?? DEFAULT_RATE_LIMITS);
  installSecurityHeaders(app, { hsts: options.hsts ?? false });
  return { app, routes };
}

/** The app with the zod type provider, for typed route definitions. */
export function typed(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}
