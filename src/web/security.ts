import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Security headers, cookies, form bodies, CSRF on every state-changing form, and rate limiting. */
export const securityPlugin = fp(async (app: FastifyInstance, { config }: { config: Config }) => {
  const https = config.publicUrl.startsWith('https://');
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
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

  // Every form post needs the token; the JSON API uses bearer tokens, which a browser never sends by itself.
  app.addHook('preHandler', (request, reply, done) => {
    if (safeMethods.has(request.method) || request.url.startsWith('/api/v1/')) return done();
    app.csrfProtection(request, reply, done);
  });
});
