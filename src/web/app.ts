import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Deps } from '../deps.ts';
import { apiRoutes, openApiOptions } from './api/api.routes.ts';
import { assetRoutes } from './assets.routes.ts';
import { authPlugin } from './auth.ts';
import { classify, refuseMalformed, respondWithError } from './errors.ts';
import { publicRoutes } from './public/public.routes.ts';
import { recordDenial } from './record-denial.ts';
import { renderPlugin } from './render.ts';
import { type RouteEntry, trackRoutes } from './route-access.ts';
import { securityPlugin } from './security.ts';
import { staffRoutes } from './staff/staff.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteEntry[];
  }
}

/**
 * The path of a request as the logs may hold it: without its query, and with the secrets that
 * travel in paths masked (one-time links, calendar addresses).
 */
export const loggablePath = (url: string): string =>
  (url.split('?')[0] ?? '')
    .replace(/^\/set-password\/[^/]+/, '/set-password/(token)')
    .replace(/^\/calendar\/[^/]+/, '/calendar/(token)');

export async function buildApp(deps: Deps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      // No personal data or secrets in logs: no headers, no bodies, no query strings, and no
      // secrets from the path (one-time links, calendar addresses).
      serializers: {
        req: (req) => ({ method: req.method, url: loggablePath(req.url), remoteAddress: req.ip }),
      },
    },
    // Every log line of a request carries its id as reqId; the id is also sent back as x-request-id.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: deps.config.trustProxy,
    return503OnClosing: true,
    // Errors Fastify meets before any hook runs (an address that cannot be decoded): no page can be
    // rendered yet, so they get problem details, with the same headers as every other response.
    frameworkErrors: (error, request, reply) =>
      refuseMalformed(error, request as FastifyRequest, reply as FastifyReply, deps.config.publicUrl),
  });
  // The route table: every route declares who may reach it (route-access.ts), and tests prove
  // each is documented and guarded as declared.
  app.decorate('routeTable', trackRoutes(app));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(securityPlugin, { config: deps.config });
  await app.register(renderPlugin);
  await app.register(authPlugin, { deps });
  await app.register(swagger, openApiOptions(deps.config));

  app.setErrorHandler(async (error, request, reply) => {
    const c = classify(error);
    if (c.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status: c.status, code: c.code }, 'request refused');
    await recordDenial(deps, request, error);
    try {
      return await respondWithError(request, reply, c);
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed');
      return reply
        .code(c.status)
        .type('text/plain; charset=utf-8')
        .send(`${c.message} Reference: ${request.id}`);
    }
  });
  app.setNotFoundHandler(async (request, reply) =>
    respondWithError(request, reply, { status: 404, message: `Nothing is at ${request.url.split('?')[0]}.` }),
  );

  await app.register(assetRoutes);
  await app.register(publicRoutes, { deps });
  await app.register(staffRoutes, { deps });
  await app.register(apiRoutes, { deps, prefix: '/api/v1' });
  return app;
}
