import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { isDomainError } from '../domain/shared/errors.ts';
import { apiRoutes, openApiOptions } from './api/api.routes.ts';
import { assetRoutes } from './assets.routes.ts';
import { authPlugin } from './auth.ts';
import { httpStatusFor, pageFor, problem } from './errors.ts';
import { publicRoutes } from './public/public.routes.ts';
import { renderPlugin } from './render.ts';
import { type RouteEntry, trackRoutes } from './route-access.ts';
import { securityPlugin } from './security.ts';
import { securityHeaders } from './security-headers.ts';
import { staffRoutes } from './staff/staff.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteEntry[];
  }
}

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/v1');

type Classified = { status: number; message: string; code?: string; fields?: Record<string, string> };

/** Turns anything thrown into a status and a message safe to show. Unknown errors say nothing. */
function classify(error: unknown): Classified {
  if (isDomainError(error)) {
    return {
      status: httpStatusFor[error.code],
      message: error.message,
      code: error.code,
      ...(error.details.fields ? { fields: { ...error.details.fields } } : {}),
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields: Record<string, string> = {};
    for (const v of error.validation) {
      fields[v.instancePath.replace(/^\//, '').replaceAll('/', '.') || '_'] = v.message ?? 'Invalid value';
    }
    return { status: 400, message: 'The request is not valid.', code: 'invalid', fields };
  }
  if (error instanceof z.ZodError) {
    return { status: 400, message: 'The request is not valid.', code: 'invalid' };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code?.startsWith('FST_CSRF')) {
    return {
      status: 403,
      message: 'The form had expired. Go back, reload the page and try again.',
      code: 'csrf',
    };
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500)
    return { status, message: fastifyError.message ?? 'Bad request' };
  return { status: 500, message: 'Something went wrong on our side.' };
}

async function respondWithError(
  request: FastifyRequest,
  reply: FastifyReply,
  classified: Classified,
): Promise<FastifyReply> {
  let c = classified;
  reply.code(c.status);
  if (c.status === 401 && isApi(request)) {
    reply.header('www-authenticate', 'Bearer realm="nonsuch"');
    c = { ...c, message: 'Send a valid personal access token as Authorization: Bearer <token>.' };
  }
  if (isApi(request) || request.url === '/ready' || request.url === '/health') {
    return reply.type('application/problem+json').send(
      problem(c.status, c.message, {
        requestId: request.id,
        instance: request.url.split('?')[0] ?? request.url,
        ...(c.code ? { code: c.code } : {}),
        ...(c.fields ? { errors: c.fields } : {}),
      }),
    );
  }
  if (c.status === 401) return reply.code(303).redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
  const copy = pageFor(c.status);
  const heading = c.code === 'csrf' ? 'The form had expired' : copy.heading;
  return reply.page('views/error.njk', {
    pageTitle: heading,
    heading,
    paragraphs: c.code === 'csrf' ? [c.message] : copy.paragraphs,
    requestId: c.status >= 500 ? request.id : undefined,
  });
}

function refuseMalformed(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  publicUrl: string,
) {
  const status = error.statusCode ?? 400;
  void reply
    .code(status)
    .headers(securityHeaders({ https: publicUrl.startsWith('https://') }).fixed)
    .header('x-request-id', request.id)
    .type('application/problem+json')
    .send(
      problem(status, 'The address of this request is not valid.', {
        requestId: request.id,
        code: 'invalid',
      }),
    );
}

export async function buildApp(deps: Deps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      // No personal data in logs: no headers, no bodies, no query strings.
      serializers: {
        req: (req) => ({ method: req.method, url: req.url.split('?')[0], remoteAddress: req.ip }),
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
