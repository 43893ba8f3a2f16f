import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Deps } from '../deps.ts';
import { anonymous } from '../domain/access/actor.ts';
import { authenticateApiToken } from '../domain/access/authenticate-api-token.ts';
import { resolveSession } from '../domain/access/resolve-session.ts';
import type { SessionStage } from '../domain/access/session.ts';
import './request-types.ts';

/** The session cookie: __Host- prefixed and Secure everywhere except development over plain HTTP. */
export const sessionCookieName = (secure: boolean): string =>
  secure ? '__Host-nonsuch-session' : 'nonsuch-session';

// A calendar address carries its own secret; a session cookie sent along with it is not looked up.
const skipAuth = (url: string) =>
  url.startsWith('/assets/') || url.startsWith('/calendar/') || url === '/health' || url === '/ready';

/**
 * Establishes who is asking, and nothing more: the use cases decide what they may do.
 * The JSON API takes a bearer token; pages take the session cookie.
 */
export const authPlugin = fp(async (app: FastifyInstance, { deps }: { deps: Deps }) => {
  const cookieName = sessionCookieName(deps.config.secureCookies);
  const policy = deps.config.session;

  // Fastify forbids shared objects as decorations; every request gets its actor in the hook below.
  app.decorateRequest('actor', null as never);
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('sessionId', undefined);
  app.decorateRequest('pendingSession', undefined);

  async function identify(request: FastifyRequest): Promise<void> {
    if (request.url.startsWith('/api/v1/')) {
      const header = request.headers.authorization;
      const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      if (match?.[1]) request.actor = await authenticateApiToken(deps, match[1]);
      return;
    }
    const token = request.cookies[cookieName];
    if (!token) return;
    request.sessionToken = token;
    const resolved = await resolveSession(deps, { token, policy });
    request.actor = resolved.actor;
    request.sessionExpired = resolved.expired;
    request.sessionId = resolved.sessionId;
    request.pendingSession = resolved.pending;
  }

  // A plain callback, so requests that carry no credentials cost no promise.
  app.addHook('onRequest', (request, _reply, done) => {
    request.actor = anonymous;
    if (skipAuth(request.url)) return done();
    identify(request).then(() => done(), done);
  });

  // Anything shown to a signed-in person may hold personal data: no browser or proxy keeps a copy.
  app.addHook('onSend', (request, reply, _payload, done) => {
    const credentialed = request.actor.kind === 'user' || request.pendingSession !== undefined;
    if (credentialed && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done();
  });

  app.decorateReply(
    'startSession',
    function startSession(this: FastifyReply, token: string, expiresAt: Date) {
      return this.setCookie(cookieName, token, {
        path: '/',
        httpOnly: true,
        secure: deps.config.secureCookies,
        sameSite: 'lax',
        expires: expiresAt,
      });
    },
  );

  app.decorateReply('endSession', function endSession(this: FastifyReply) {
    return this.clearCookie(cookieName, {
      path: '/',
      httpOnly: true,
      secure: deps.config.secureCookies,
      sameSite: 'lax',
    });
  });
});

declare module 'fastify' {
  interface FastifyReply {
    startSession(token: string, expiresAt: Date): FastifyReply;
    endSession(): FastifyReply;
  }
}

/** For staff pages: a person who is not signed in is sent to sign in, then brought back. */
export async function requireSignIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.actor.kind === 'user') return;
  const params = new URLSearchParams();
  if (request.method === 'GET') params.set('next', request.url);
  if (request.sessionExpired) params.set('expired', '1');
  const query = params.toString();
  await reply.redirect(`/sign-in${query ? `?${query}` : ''}`, 303);
}

/**
 * Where a browser goes once the password (or single sign-on) is accepted: on to the page it wanted,
 * or first to the second factor, or to set one up when the role requires it.
 */
export function afterFirstFactor(stage: SessionStage, next: string): string {
  const query = next === '/' ? '' : `?${new URLSearchParams({ next })}`;
  switch (stage) {
    case 'complete':
      return next;
    case 'second-factor':
      return `/sign-in/two-factor${query}`;
    case 'enrol-second-factor':
      return `/sign-in/two-factor/set-up${query}`;
  }
}

const localOrigin = 'http://nonsuch.invalid';

/**
 * Only a path on this site may follow sign-in, so the sign-in page cannot send anyone elsewhere.
 * The value is resolved as a browser would (which drops tabs and newlines and reads \ as /).
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, localOrigin);
  } catch {
    return '/';
  }
  return url.origin === localOrigin ? next : '/';
}
