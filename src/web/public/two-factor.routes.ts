import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { completeSecondFactor, type SecondFactorKind } from '../../domain/access/complete-second-factor.ts';
import { confirmTwoFactorEnrolment } from '../../domain/access/confirm-two-factor-enrolment.ts';
import type { SessionStage } from '../../domain/access/session.ts';
import { startTwoFactorEnrolment } from '../../domain/access/start-two-factor-enrolment.ts';
import { type DomainError, isDomainError } from '../../domain/shared/errors.ts';
import { afterFirstFactor, safeNext } from '../auth.ts';
import { httpStatusFor } from '../errors.ts';
import { errorList, formText } from '../forms.ts';
import { groupedSecret, qrCodeSvg } from '../qr-code.ts';
import { requestContext } from '../request-context.ts';

const nextQuery = z.object({ next: formText });
const codeForm = z.object({ code: formText, next: formText });

const withNext = (path: string, next: string) =>
  next === '/' ? path : `${path}?${new URLSearchParams({ next })}`;

const pages: Readonly<
  Record<
    SecondFactorKind,
    {
      path: string;
      title: string;
      hint: string;
      inputmode: string;
      inputClasses: string;
      other: SecondFactorKind;
    }
  >
> = {
  app: {
    path: '/sign-in/two-factor',
    title: 'Enter the code from your authenticator app',
    hint: 'Open the authenticator app on your phone and enter the 6-digit code it shows for Nonsuch. The code changes every 30 seconds.',
    inputmode: 'numeric',
    inputClasses: 'govuk-input--width-10',
    other: 'recovery',
  },
  recovery: {
    path: '/sign-in/two-factor/recovery',
    title: 'Enter a recovery code',
    hint: 'You were given 10 recovery codes when you set up two-factor authentication. Each code works once.',
    inputmode: 'text',
    inputClasses: 'govuk-input--width-20',
    other: 'app',
  },
};
const otherWayText: Readonly<Record<SecondFactorKind, string>> = {
  app: 'Use your authenticator app instead',
  recovery: 'Use a recovery code',
};

/**
 * The second step of signing in, for a session that has passed the password: enter a code (or a
 * recovery code), or set up two-factor when the role requires it and it is not yet set up. These
 * pages are reached before anyone is signed in, so they are public; without a waiting session they
 * send the browser back to sign in.
 */
export async function twoFactorSignInRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  /** Where to send a browser that is not at this stage, or undefined when it is. */
  function elsewhere(request: FastifyRequest, stage: Exclude<SessionStage, 'complete'>, next: string) {
    if (request.actor.kind === 'user') return next;
    const pending = request.pendingSession;
    if (!pending) {
      const params = new URLSearchParams();
      if (next !== '/') params.set('next', next);
      if (request.sessionExpired) params.set('expired', '1');
      const query = params.toString();
      return `/sign-in${query ? `?${query}` : ''}`;
    }
    return pending.stage === stage ? undefined : afterFirstFactor(pending.stage, next);
  }

  /** A refusal the person can act on re-renders the form; a lost session goes back to sign in. */
  function refusalFields(error: unknown): DomainError | undefined {
    if (isDomainError(error) && error.details.fields) return error;
    if (isDomainError(error) && error.code === 'unauthenticated') return undefined;
    throw error;
  }

  function codePage(reply: FastifyReply, kind: SecondFactorKind, next: string, error?: DomainError) {
    const page = pages[kind];
    const fields = error?.details.fields;
    if (error) reply.code(httpStatusFor[error.code]);
    return reply.page('public/two-factor.njk', {
      pageTitle: page.title,
      heading: page.title,
      hint: page.hint,
      inputmode: page.inputmode,
      inputClasses: page.inputClasses,
      action: page.path,
      next,
      otherWay: { href: withNext(pages[page.other].path, next), text: otherWayText[page.other] },
      ...(fields ? { errors: fields, errorList: errorList(fields, { code: 'code' }) } : {}),
    });
  }

  for (const kind of ['app', 'recovery'] as const) {
    const { path } = pages[kind];
    app.get(path, async (request, reply) => {
      const next = safeNext(nextQuery.parse(request.query ?? {}).next);
      const away = elsewhere(request, 'second-factor', next);
      if (away) return reply.redirect(away, 303);
      return codePage(reply, kind, next);
    });

    app.post(path, async (request, reply) => {
      const form = codeForm.parse(request.body ?? {});
      const next = safeNext(form.next);
      const away = elsewhere(request, 'second-factor', next);
      if (away) return reply.redirect(away, 303);
      try {
        const passed = await completeSecondFactor(requestContext(deps, request), {
          token: request.sessionToken,
          kind,
          code: form.code,
          policy: deps.config.session,
        });
        request.log.info({ userId: passed.session.userId, kind }, 'second factor accepted');
        return reply.startSession(passed.session.token, passed.session.expiresAt).redirect(next, 303);
      } catch (error) {
        const refused = refusalFields(error);
        if (!refused) return reply.redirect(withNext('/sign-in', next), 303);
        request.log.info({ code: refused.code }, 'second factor refused');
        return codePage(reply, kind, next, refused);
      }
    });
  }

  async function setUpPage(
    request: FastifyRequest,
    reply: FastifyReply,
    next: string,
    error?: DomainError,
  ): Promise<FastifyReply> {
    const enrolment = await startTwoFactorEnrolment(requestContext(deps, request), {
      sessionToken: request.sessionToken,
      policy: deps.config.session,
    });
    const fields = error?.details.fields;
    if (error) reply.code(httpStatusFor[error.code]);
    // The page holds the secret, so no cache may keep it.
    reply.header('cache-control', 'no-store');
    return reply.page('public/two-factor-set-up.njk', {
      pageTitle: 'Set up two-factor authentication',
      enrolment: {
        secret: groupedSecret(enrolment.secret),
        qrSvg: await qrCodeSvg(enrolment.uri, 'QR code for your authenticator app'),
      },
      action: '/sign-in/two-factor/set-up',
      next,
      values: {},
      ...(fields ? { errors: fields, errorList: errorList(fields, { code: 'code' }) } : {}),
    });
  }

  app.get('/sign-in/two-factor/set-up', async (request, reply) => {
    const next = safeNext(nextQuery.parse(request.query ?? {}).next);
    const away = elsewhere(request, 'enrol-second-factor', next);
    if (away) return reply.redirect(away, 303);
    try {
      return await setUpPage(request, reply, next);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'unauthenticated') throw error;
      return reply.redirect(withNext('/sign-in', next), 303);
    }
  });

  app.post('/sign-in/two-factor/set-up', async (request, reply) => {
    const form = codeForm.parse(request.body ?? {});
    const next = safeNext(form.next);
    const away = elsewhere(request, 'enrol-second-factor', next);
    if (away) return reply.redirect(away, 303);
    try {
      const confirmed = await confirmTwoFactorEnrolment(requestContext(deps, request), {
        code: form.code,
        sessionToken: request.sessionToken,
        policy: deps.config.session,
      });
      if (confirmed.session) reply.startSession(confirmed.session.token, confirmed.session.expiresAt);
      request.log.info({ userId: confirmed.session?.userId }, 'two-factor set up at sign-in');
      // Shown once, on this response only.
      reply.header('cache-control', 'no-store');
      return reply.page('public/two-factor-recovery-codes.njk', {
        pageTitle: 'Two-factor authentication is on',
        recoveryCodes: confirmed.recoveryCodes,
        continueHref: next,
      });
    } catch (error) {
      const refused = refusalFields(error);
      if (!refused) return reply.redirect(withNext('/sign-in', next), 303);
      return setUpPage(request, reply, next, refused);
    }
  });
}
