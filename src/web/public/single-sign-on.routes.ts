import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { SingleSignOnConfig } from '../../config.ts';
import type { Deps } from '../../deps.ts';
import { recordSingleSignOnFailure } from '../../domain/access/record-single-sign-on-failure.ts';
import { signInWithProvider } from '../../domain/access/sign-in-with-provider.ts';
import type { ProviderClaims } from '../../domain/access/single-sign-on.ts';
import { DomainError, isDomainError } from '../../domain/shared/errors.ts';
import { afterFirstFactor, safeNext } from '../auth.ts';
import { formText } from '../forms.ts';
import { requestContext } from '../request-context.ts';
import { declareAccess } from '../route-access.ts';
import { signInPageData } from './sign-in-page.ts';

/**
 * Single sign-on with OpenID Connect: the authorisation code flow with PKCE, a state and a nonce,
 * through openid-client (docs/decisions/0015-single-sign-on.md). The provider says who the person
 * is; Nonsuch decides whether they may sign in and what they may do.
 */

const callbackPath = '/sign-in/sso/callback';
/** How long a browser has to come back from the provider before the attempt lapses. */
const attemptMinutes = 10;

/** What the browser carries between leaving for the provider and coming back: signed, HTTP-only. */
const attemptSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  verifier: z.string().min(1),
  next: z.string(),
  startedAt: z.number(),
});
type Attempt = z.infer<typeof attemptSchema>;

const startQuery = z.object({ next: formText });

/** The sign-in page's link to single sign-on, when it is configured. */
const notConfigured = () => new DomainError('not_found', 'Single sign-on is not configured.');

/** A failure that ends on the sign-in page, with what to tell the person and what to keep on record. */
class SignOnFailure extends Error {
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string) {
    super(reason);
    this.name = 'SignOnFailure';
    this.status = status;
    this.reason = reason;
  }
}

/** The provider did not answer at all (refused, timed out), as opposed to answering no. */
const unreachable = (error: unknown): boolean =>
  (error instanceof TypeError && error.message === 'fetch failed') ||
  (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'));

function reasonOf(error: unknown): string {
  if (error instanceof oidc.AuthorizationResponseError) return `the provider answered ${error.error}`;
  if (error instanceof oidc.ResponseBodyError) return `the provider answered ${error.error}`;
  if (error instanceof oidc.ClientError) {
    // openid-client wraps the precise check that failed (a state or nonce that does not match, say).
    const detail = error.cause instanceof Error ? error.cause.message : error.message;
    return `${detail}${error.code ? ` (${error.code})` : ''}`;
  }
  return error instanceof Error ? error.message : 'unknown error';
}

export async function singleSignOnRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  declareAccess(app, 'public');
  const sso = deps.config.singleSignOn;
  const secure = deps.config.secureCookies;
  const cookieName = secure ? '__Host-nonsuch-sso' : 'nonsuch-sso';
  const cookieOptions = { path: '/', httpOnly: true, secure, sameSite: 'lax' } as const;
  const redirectUri = `${deps.config.publicUrl}${callbackPath}`;

  // Discovered on first use and kept, so Nonsuch starts while the provider is down; a failed
  // discovery is forgotten, so the next attempt tries again.
  let discovered: Promise<oidc.Configuration> | undefined;
  function provider(settings: SingleSignOnConfig): Promise<oidc.Configuration> {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        oidc.ClientSecretBasic(settings.clientSecret),
        {
          // A provider on this machine in development or tests; config.ts allows http nowhere else.
          execute: settings.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
          timeout: 10,
        },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw new SignOnFailure(503, `the provider could not be reached (${reasonOf(error)})`);
      });
    return discovered;
  }

  function messageFor(settings: SingleSignOnConfig, status: number): string {
    return status === 503
      ? `Sign-in with ${settings.displayName} is not available at the moment. Try again later, or sign in with your email address and password.`
      : `Signing in with ${settings.displayName} did not work. Try again.`;
  }

  async function signInPage(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    message: string,
    next: string,
  ) {
    return reply.code(status).page('public/sign-in.njk', {
      ...(await signInPageData(deps, request, next)),
      errorList: [{ text: message, href: '#sign-in-sso' }],
    });
  }

  function readAttempt(request: FastifyRequest): Attempt | undefined {
    const raw = request.cookies[cookieName];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || unsigned.value === null) return undefined;
    try {
      const parsed = attemptSchema.safeParse(JSON.parse(Buffer.from(unsigned.value, 'base64url').toString()));
      if (!parsed.success) return undefined;
      const age = deps.clock.now().getTime() - parsed.data.startedAt;
      return age >= 0 && age <= attemptMinutes * 60_000 ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** The claims that name the person: the ID token's, or the userinfo endpoint's when it has no e-mail. */
  async function claimsOf(
    config: oidc.Configuration,
    tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>,
  ): Promise<ProviderClaims> {
    const idToken = tokens.claims();
    if (!idToken) throw new SignOnFailure(400, 'the provider sent no ID token');
    if ('email' in idToken && 'email_verified' in idToken) return idToken;
    if (!config.serverMetadata().userinfo_endpoint) return idToken;
    const info = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
    return { ...idToken, email: info.email, email_verified: info.email_verified };
  }

  app.get('/sign-in/sso', async (request, reply) => {
    if (!sso) throw notConfigured();
    const next = safeNext(startQuery.parse(request.query ?? {}).next);
    if (request.actor.kind === 'user') return reply.redirect(next, 303);
    let config: oidc.Configuration;
    try {
      config = await provider(sso);
    } catch (error) {
      if (!(error instanceof SignOnFailure)) throw error;
      request.log.warn({ reason: error.reason }, 'single sign-on unavailable');
      return signInPage(request, reply, error.status, messageFor(sso, error.status), next);
    }
    const attempt: Attempt = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      // A very long address is not worth a cookie the browser may refuse.
      next: next.length > 1000 ? '/' : next,
      startedAt: deps.clock.now().getTime(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(attempt.verifier),
      code_challenge_method: 'S256',
      state: attempt.state,
      nonce: attempt.nonce,
    });
    return reply
      .setCookie(cookieName, Buffer.from(JSON.stringify(attempt)).toString('base64url'), {
        ...cookieOptions,
        signed: true,
        maxAge: attemptMinutes * 60,
      })
      .redirect(url.href, 303);
  });

  app.get(
    callbackPath,
    { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      if (!sso) throw notConfigured();
      // One use only: whatever happens next, the browser forgets this attempt.
      const attempt = readAttempt(request);
      reply.clearCookie(cookieName, cookieOptions);
      const next = safeNext(attempt?.next);
      const ctx = requestContext(deps, request);
      try {
        if (!attempt)
          throw new SignOnFailure(400, 'no sign-in was started in this browser, or it had lapsed');
        const config = await provider(sso);
        const claims = await oidc
          .authorizationCodeGrant(config, new URL(`${deps.config.publicUrl}${request.url}`), {
            pkceCodeVerifier: attempt.verifier,
            expectedState: attempt.state,
            expectedNonce: attempt.nonce,
          })
          .then((tokens) => claimsOf(config, tokens))
          .catch((error: unknown) => {
            if (error instanceof SignOnFailure) throw error;
            if (unreachable(error))
              throw new SignOnFailure(503, `the provider could not be reached (${reasonOf(error)})`);
            throw new SignOnFailure(400, reasonOf(error));
          });
        const session = await signInWithProvider(ctx, {
          claims,
          policy: deps.config.session,
          previousToken: request.sessionToken,
          userAgent: request.headers['user-agent'],
        });
        request.log.info({ userId: session.userId, stage: session.stage }, 'single sign-on accepted');
        return reply
          .startSession(session.token, session.expiresAt)
          .redirect(afterFirstFactor(session.stage, next), 303);
      } catch (error) {
        if (isDomainError(error) && error.code === 'unauthenticated') {
          request.log.info('single sign-on refused');
          return signInPage(request, reply, 401, error.message, next);
        }
        if (!(error instanceof SignOnFailure)) throw error;
        request.log.warn({ reason: error.reason }, 'single sign-on failed');
        await recordSingleSignOnFailure(ctx, { reason: error.reason });
        return signInPage(request, reply, error.status, messageFor(sso, error.status), next);
      }
    },
  );
}
