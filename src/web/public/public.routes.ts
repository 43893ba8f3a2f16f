import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ping } from '../../db/connect.ts';
import type { Deps } from '../../deps.ts';
import { signIn } from '../../domain/access/sign-in.ts';
import { signOut } from '../../domain/access/sign-out.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import { afterFirstFactor, safeNext } from '../auth.ts';
import { httpStatusFor, problem } from '../errors.ts';
import { errorList, formText } from '../forms.ts';
import { requestContext } from '../request-context.ts';
import { declareAccess } from '../route-access.ts';
import { apiDocsRoutes } from './api-docs.routes.ts';
import { calendarFeedRoutes } from './calendar-feed.routes.ts';
import { setPasswordRoutes } from './set-password.routes.ts';
import { signInPageData } from './sign-in-page.ts';
import { singleSignOnRoutes } from './single-sign-on.routes.ts';
import { twoFactorSignInRoutes } from './two-factor.routes.ts';

const signInForm = z.object({ email: formText, password: formText, next: formText });
const signInQuery = z.object({ next: formText, expired: formText, signedOut: formText });

/** Pages and endpoints anyone may reach: health checks, sign-in, the statements in the footer. */
export async function publicRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  declareAccess(app, 'public');
  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/ready', async (request, reply) => {
    try {
      await ping(deps.db);
      return { status: 'ready', database: deps.connection.kind };
    } catch (error) {
      request.log.error({ err: error }, 'database did not answer');
      return reply
        .code(503)
        .type('application/problem+json')
        .send(problem(503, 'The database did not answer.', { requestId: request.id, code: 'unavailable' }));
    }
  });

  app.get('/sign-in', async (request, reply) => {
    const query = signInQuery.parse(request.query ?? {});
    if (request.actor.kind === 'user') return reply.redirect(safeNext(query.next), 303);
    const next = safeNext(query.next);
    return reply.page('public/sign-in.njk', {
      ...(await signInPageData(deps, request, next)),
      expired: request.sessionExpired || query.expired === '1',
      signedOut: query.signedOut === '1',
      values: {},
    });
  });

  // Throttled in the database, per account and per address (sign-in-throttle.ts), so every
  // instance counts the same attempts and an office behind one address is not locked out.
  app.post('/sign-in', async (request, reply) => {
    const form = signInForm.parse(request.body ?? {});
    const next = safeNext(form.next);
    try {
      const session = await signIn(requestContext(deps, request), {
        email: form.email,
        password: form.password,
        policy: deps.config.session,
        previousToken: request.sessionToken,
        userAgent: request.headers['user-agent'],
      });
      request.log.info({ userId: session.userId, stage: session.stage }, 'password accepted');
      return reply
        .startSession(session.token, session.expiresAt)
        .redirect(afterFirstFactor(session.stage, next), 303);
    } catch (error) {
      if (!isDomainError(error) || !error.details.fields) throw error;
      request.log.info('sign-in refused');
      // 400 for an empty field, 401 for wrong details, 429 while throttled.
      return reply.code(httpStatusFor[error.code]).page('public/sign-in.njk', {
        ...(await signInPageData(deps, request, next)),
        values: { email: form.email },
        errors: error.details.fields,
        errorList: errorList(error.details.fields, { email: 'email', password: 'password' }),
      });
    }
  });

  app.post('/sign-out', async (request, reply) => {
    if (request.sessionToken) {
      await signOut(requestContext(deps, request), { token: request.sessionToken });
    }
    return reply.endSession().redirect('/sign-in?signedOut=1', 303);
  });

  app.get('/accessibility', async (_request, reply) =>
    reply.page('public/accessibility.njk', { pageTitle: 'Accessibility statement' }),
  );
  app.get('/privacy', async (_request, reply) =>
    reply.page('public/privacy.njk', { pageTitle: 'Privacy notice' }),
  );

  await app.register(apiDocsRoutes);
  await app.register(setPasswordRoutes, { deps });
  await app.register(singleSignOnRoutes, { deps });
  await app.register(twoFactorSignInRoutes, { deps });
  await app.register(calendarFeedRoutes, { deps });
}
