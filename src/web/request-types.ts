import type { Actor } from '../domain/access/actor.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is making the request: established once by the auth hook (web/auth.ts). */
    actor: Actor;
    /** The raw session token from the cookie, when the browser sent one. */
    sessionToken: string | undefined;
    /** True when the browser's session had just timed out, so the sign-in page can say so. */
    sessionExpired: boolean;
  }
  interface FastifyReply {
    /** The one way to render a page: the template plus the shell every page needs. */
    page(template: string, data?: Record<string, unknown>): FastifyReply;
  }
}
