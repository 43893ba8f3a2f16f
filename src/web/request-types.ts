import type { Actor } from '../domain/access/actor.ts';
import type { PendingSession } from '../domain/access/resolve-session.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is making the request: established once by the auth hook (web/auth.ts). */
    actor: Actor;
    /** The raw session token from the cookie, when the browser sent one. */
    sessionToken: string | undefined;
    /** True when the browser's session had just timed out, so the sign-in page can say so. */
    sessionExpired: boolean;
    /** The public id of the signed-in session (to mark it as "this device" among the user's sessions). */
    sessionId: string | undefined;
    /** A session that has passed the password (or single sign-on) but not yet the second factor. */
    pendingSession: PendingSession | undefined;
  }
  interface FastifyReply {
    /** The one way to render a page: the template plus the shell every page needs. */
    page(template: string, data?: Record<string, unknown>): FastifyReply;
  }
}
