import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { getPasswordLink } from '../../domain/access/get-password-link.ts';
import { passwordRules } from '../../domain/access/passwords.ts';
import { LinkNotUsable, setPasswordWithLink } from '../../domain/access/set-password-with-link.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import { errorList, formText } from '../forms.ts';
import { requestContext } from '../request-context.ts';

const linkParams = z.object({ token: formText });
const passwordForm = z.object({ password: formText, confirmPassword: formText });

/**
 * The page an invitation or password-reset link opens: the person chooses a password. The link is
 * a secret, so these pages are never cached and never sent on as a referrer.
 */
export async function setPasswordRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  });

  const unusable = (reply: FastifyReply, state: 'used' | 'expired' | 'unknown') =>
    reply.code(state === 'unknown' ? 404 : 410).page('public/password-link-unusable.njk', {
      pageTitle: state === 'expired' ? 'This link has expired' : 'This link cannot be used',
      state,
    });

  const form = (
    reply: FastifyReply,
    data: { token: string; purpose: string; email: string; displayName: string } & Record<string, unknown>,
  ) =>
    reply.page('public/set-password.njk', {
      pageTitle: data.purpose === 'invitation' ? 'Create your password' : 'Choose a new password',
      minLength: passwordRules.minLength,
      ...data,
    });

  app.get('/set-password/:token', async (request, reply) => {
    const { token } = linkParams.parse(request.params);
    const link = await getPasswordLink(requestContext(deps, request), { token });
    if (link.state !== 'valid') return unusable(reply, link.state);
    return form(reply, { token, ...link });
  });

  app.post(
    '/set-password/:token',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const { token } = linkParams.parse(request.params);
      const values = passwordForm.parse(request.body ?? {});
      const ctx = requestContext(deps, request);
      const link = await getPasswordLink(ctx, { token });
      if (link.state !== 'valid') return unusable(reply, link.state);
      try {
        await setPasswordWithLink(ctx, { token, ...values });
      } catch (error) {
        if (error instanceof LinkNotUsable) return unusable(reply, 'used');
        if (!isDomainError(error) || error.code !== 'invalid' || !error.details.fields) throw error;
        return form(reply.code(400), {
          token,
          ...link,
          errors: error.details.fields,
          errorList: errorList(error.details.fields, {
            password: 'password',
            confirmPassword: 'confirmPassword',
          }),
        });
      }
      return reply.page('public/set-password-done.njk', {
        pageTitle: 'Your password has been set',
        email: link.email,
      });
    },
  );
}
