import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { type SecurityHeaders, securityHeaders } from './security-headers.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyInstance {
    securityHeaders: SecurityHeaders;
  }
}

/** Security headers, cookies, form bodies, CSRF on every state-changing form, and rate limiting. */
export const securityPlugin = fp(async (app: FastifyInstance, { config }: { config: Config }) => {
  const headers = securityHeaders({ https: config.publicUrl.startsWith('https://') });
  app.decorate('securityHeaders', headers);
  // Plain callbacks, not async functions: these run on every request, so they stay cheap.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers.fixed);
    reply.header('x-request-id', request.id);
    done();
  });

  // Signs the CSRF cookie. Outside production a per-process secret will do: forms reload.
  await app.register(cookie, { secret: config.cookieSecret ?? randomBytes(32).toString('hex') });
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(csrf, {
    cookieKey: config.secureCookies ? '__Host-nonsuch-csrf' : 'nonsuch-csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, signed: true },
    getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf,
  });
  await app.register(rateLimit, { global: false });

  // Every route that changes state checks the form's token, attached as the route is declared, so
  // no route can be added without it and pages that only read pay nothing. The JSON API uses bearer
  // tokens, which a browser never sends by itself.
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (methods.every((m) => safeMethods.has(m)) || route.url.startsWith('/api/v1/')) return;
    route.preHandler = [app.csrfProtection, ...[route.preHandler ?? []].flat()];
  });
});
