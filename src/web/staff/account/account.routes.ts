import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { changeOwnPassword } from '../../../domain/access/change-own-password.ts';
import { endOtherSessions } from '../../../domain/access/end-other-sessions.ts';
import { endOwnSession } from '../../../domain/access/end-own-session.ts';
import { getOwnAccount } from '../../../domain/access/get-own-account.ts';
import { listOwnSessions } from '../../../domain/access/list-own-sessions.ts';
import { passwordRules } from '../../../domain/access/passwords.ts';
import { listAreas } from '../../../domain/geography/list-areas.ts';
import { isDomainError } from '../../../domain/shared/errors.ts';
import { errorList, formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import { accountMessages, presentAccount, presentSessions } from './account.present.ts';

const passwordForm = z.object({
  currentPassword: formText,
  newPassword: formText,
  confirmPassword: formText,
});
const sessionParams = z.object({ id: formText });
const doneQuery = z.object({ done: formText });

/** A person's own account: their details, their password and their sessions. */
export async function accountRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const done = (request: FastifyRequest) => accountMessages[doneQuery.parse(request.query ?? {}).done];

  app.get('/account', async (request, reply) => {
    const ctx = requestContext(deps, request);
    const account = await getOwnAccount(ctx);
    const areas = await listAreas(ctx);
    return reply.page('staff/account/account.njk', {
      pageTitle: 'Your account',
      account: presentAccount(account, areas),
      done: done(request),
    });
  });

  const passwordPage = (reply: FastifyReply, data: Record<string, unknown> = {}) =>
    reply.page('staff/account/password.njk', {
      pageTitle: 'Change your password',
      backLink: { href: '/account', text: 'Your account' },
      minLength: passwordRules.minLength,
      ...data,
    });

  app.get('/account/password', async (request, reply) => {
    const account = await getOwnAccount(requestContext(deps, request));
    return passwordPage(reply, { hasPassword: account.hasPassword, email: account.email });
  });

  app.post('/account/password', async (request, reply) => {
    const form = passwordForm.parse(request.body ?? {});
    const ctx = requestContext(deps, request);
    try {
      await changeOwnPassword(ctx, { ...form, sessionToken: request.sessionToken });
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid' || !error.details.fields) throw error;
      const account = await getOwnAccount(ctx);
      return passwordPage(reply.code(400), {
        hasPassword: account.hasPassword,
        email: account.email,
        errors: error.details.fields,
        errorList: errorList(error.details.fields, {
          currentPassword: 'currentPassword',
          newPassword: 'newPassword',
          confirmPassword: 'confirmPassword',
        }),
      });
    }
    return reply.redirect('/account?done=password-changed', 303);
  });

  app.get('/account/sessions', async (request, reply) => {
    const sessions = await listOwnSessions(requestContext(deps, request), {
      currentSessionId: request.sessionId,
    });
    reply.header('cache-control', 'no-store');
    return reply.page('staff/account/sessions.njk', {
      pageTitle: 'Your sessions',
      backLink: { href: '/account', text: 'Your account' },
      ...presentSessions(sessions),
      done: done(request),
    });
  });

  app.post('/account/sessions/:id/end', async (request, reply) => {
    const { id } = sessionParams.parse(request.params);
    await endOwnSession(requestContext(deps, request), { id });
    // Ending this device's own session is signing out.
    if (id === request.sessionId) return reply.endSession().redirect('/sign-in?signedOut=1', 303);
    return reply.redirect('/account/sessions?done=session-ended', 303);
  });

  app.post('/account/sessions/end-others', async (request, reply) => {
    if (request.sessionToken) {
      await endOtherSessions(requestContext(deps, request), { sessionToken: request.sessionToken });
    }
    return reply.redirect('/account/sessions?done=others-ended', 303);
  });
}
