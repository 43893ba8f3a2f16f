import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { confirmTwoFactorEnrolment } from '../../../domain/access/confirm-two-factor-enrolment.ts';
import { disableTwoFactor } from '../../../domain/access/disable-two-factor.ts';
import { getTwoFactorStatus } from '../../../domain/access/get-two-factor-status.ts';
import { regenerateRecoveryCodes } from '../../../domain/access/regenerate-recovery-codes.ts';
import { startTwoFactorEnrolment } from '../../../domain/access/start-two-factor-enrolment.ts';
import { type DomainError, isDomainError } from '../../../domain/shared/errors.ts';
import { httpStatusFor } from '../../errors.ts';
import { errorList, formText } from '../../forms.ts';
import { groupedSecret, qrCodeSvg } from '../../qr-code.ts';
import { requestContext } from '../../request-context.ts';

const codeForm = z.object({ code: formText });
const doneQuery = z.object({ done: formText });

const withErrors = (error: DomainError) => {
  const fields = error.details.fields ?? {};
  return { errors: fields, errorList: errorList(fields, { code: 'code' }) };
};

const doneMessages: Readonly<Record<string, string>> = {
  'turned-off': 'Two-factor authentication is off.',
};

/** One's own two-factor authentication, for someone already signed in. */
export async function twoFactorAccountRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const policy = deps.config.session;

  async function render(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const status = await getTwoFactorStatus(requestContext(deps, request));
    const done = doneMessages[doneQuery.parse(request.query ?? {}).done];
    return reply.page('staff/account/two-factor.njk', {
      pageTitle: 'Two-factor authentication',
      backLink: { href: '/account', text: 'Your account' },
      status,
      done,
      ...extra,
    });
  }

  async function setUpPage(request: FastifyRequest, reply: FastifyReply, error?: DomainError) {
    const enrolment = await startTwoFactorEnrolment(requestContext(deps, request), {
      sessionToken: request.sessionToken,
      policy,
    });
    const fields = error?.details.fields;
    if (error) reply.code(httpStatusFor[error.code]);
    reply.header('cache-control', 'no-store');
    return reply.page('staff/account/two-factor-set-up.njk', {
      pageTitle: 'Set up two-factor authentication',
      backLink: { href: '/account/two-factor' },
      enrolment: {
        secret: groupedSecret(enrolment.secret),
        qrSvg: await qrCodeSvg(enrolment.uri, 'QR code for your authenticator app'),
      },
      action: '/account/two-factor/set-up',
      values: {},
      ...(fields ? { errors: fields, errorList: errorList(fields, { code: 'code' }) } : {}),
    });
  }

  /** A conflict (already set up, not set up, required) is shown on the status page. */
  async function orStatus(request: FastifyRequest, reply: FastifyReply, run: () => Promise<FastifyReply>) {
    try {
      return await run();
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'conflict') throw error;
      return render(request, reply.code(409), { problem: error.message });
    }
  }

  app.get('/account/two-factor', (request, reply) => render(request, reply));

  app.get('/account/two-factor/set-up', (request, reply) =>
    orStatus(request, reply, () => setUpPage(request, reply)),
  );

  app.post('/account/two-factor/set-up', (request, reply) =>
    orStatus(request, reply, async () => {
      const form = codeForm.parse(request.body ?? {});
      try {
        const confirmed = await confirmTwoFactorEnrolment(requestContext(deps, request), {
          code: form.code,
          sessionToken: request.sessionToken,
          policy,
        });
        reply.header('cache-control', 'no-store');
        return reply.page('staff/account/two-factor-recovery-codes.njk', {
          pageTitle: 'Two-factor authentication is on',
          heading: 'Two-factor authentication is on',
          lead: 'From now on, you will enter a code from your authenticator app each time you sign in.',
          recoveryCodes: confirmed.recoveryCodes,
        });
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'invalid' || !error.details.fields) throw error;
        return setUpPage(request, reply, error);
      }
    }),
  );

  app.post('/account/two-factor/recovery-codes', (request, reply) =>
    orStatus(request, reply, async () => {
      const form = codeForm.parse(request.body ?? {});
      let recoveryCodes: string[];
      try {
        ({ recoveryCodes } = await regenerateRecoveryCodes(requestContext(deps, request), {
          code: form.code,
        }));
      } catch (error) {
        if (!isDomainError(error) || !error.details.fields) throw error;
        return render(request, reply.code(httpStatusFor[error.code]), withErrors(error));
      }
      reply.header('cache-control', 'no-store');
      return reply.page('staff/account/two-factor-recovery-codes.njk', {
        pageTitle: 'New recovery codes',
        heading: 'New recovery codes made',
        lead: 'Your old recovery codes no longer work.',
        recoveryCodes,
      });
    }),
  );

  const turnOffPage = (reply: FastifyReply, extra: Record<string, unknown> = {}) =>
    reply.page('staff/account/two-factor-turn-off.njk', {
      pageTitle: 'Turn off two-factor authentication',
      backLink: { href: '/account/two-factor' },
      ...extra,
    });

  app.get('/account/two-factor/turn-off', async (request, reply) => {
    const status = await getTwoFactorStatus(requestContext(deps, request));
    // Nothing to turn off, or not allowed to: the status page says which.
    if (!status.enabled || status.required) return reply.redirect('/account/two-factor', 303);
    return turnOffPage(reply);
  });

  app.post('/account/two-factor/turn-off', (request, reply) =>
    orStatus(request, reply, async () => {
      const form = codeForm.parse(request.body ?? {});
      try {
        await disableTwoFactor(requestContext(deps, request), { code: form.code });
      } catch (error) {
        if (!isDomainError(error) || !error.details.fields) throw error;
        return turnOffPage(reply.code(httpStatusFor[error.code]), withErrors(error));
      }
      return reply.redirect('/account/two-factor?done=turned-off', 303);
    }),
  );
}
