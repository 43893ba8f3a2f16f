import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notPermitted } from '../domain/access/policy.ts';
import { type ErrorCode, isDomainError } from '../domain/shared/errors.ts';
import { securityHeaders } from './security-headers.ts';

/** The one table from domain error codes to HTTP. */
export const httpStatusFor: Readonly<Record<ErrorCode, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gate_not_met: 422,
  too_many_attempts: 429,
  unavailable: 503,
};

export const titleFor: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** RFC 9457 problem details. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId: string;
  errors?: Record<string, string>;
};

export function problem(
  status: number,
  detail: string,
  extra: { requestId: string; instance?: string; code?: string; errors?: Record<string, string> },
): Problem {
  return {
    type: extra.code ? `https://nonsuch.invalid/problems/${extra.code}` : 'about:blank',
    title: titleFor[status] ?? 'Error',
    status,
    detail,
    ...(extra.instance ? { instance: extra.instance } : {}),
    requestId: extra.requestId,
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

/** What a person sees for each status on a page. */
export const pageFor = (status: number): { heading: string; paragraphs: string[] } => {
  switch (status) {
    case 403:
      return {
        heading: 'You do not have permission to see this page',
        paragraphs: ['Ask your Nonsuch administrator if you think you should have access.'],
      };
    case 404:
      return {
        heading: 'Page not found',
        paragraphs: [
          'If you typed the web address, check it is correct.',
          'If you pasted the web address, check you copied the entire address.',
        ],
      };
    case 429:
      return {
        heading: 'Too many attempts',
        paragraphs: ['You have tried too many times in a short period. Wait a minute, then try again.'],
      };
    case 503:
      return {
        heading: 'Sorry, the service is unavailable',
        paragraphs: ['Nonsuch cannot reach its database at the moment. Try again in a few minutes.'],
      };
    default:
      return status < 500
        ? { heading: 'Sorry, there is a problem with this request', paragraphs: ['Go back and try again.'] }
        : {
            heading: 'Sorry, there is a problem with the service',
            paragraphs: [
              'Try again later. Nothing you entered has been saved unless you saw a confirmation.',
            ],
          };
  }
};

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/v1');

export type Classified = { status: number; message: string; code?: string; fields?: Record<string, string> };

/** Turns anything thrown into a status and a message safe to show. Unknown errors say nothing. */
export function classify(error: unknown): Classified {
  if (isDomainError(error)) {
    return {
      status: httpStatusFor[error.code],
      message: error.message,
      code: error.code,
      ...(error.details.fields ? { fields: { ...error.details.fields } } : {}),
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields: Record<string, string> = {};
    for (const v of error.validation) {
      fields[v.instancePath.replace(/^\//, '').replaceAll('/', '.') || '_'] = v.message ?? 'Invalid value';
    }
    return { status: 400, message: 'The request is not valid.', code: 'invalid', fields };
  }
  if (error instanceof z.ZodError) {
    return { status: 400, message: 'The request is not valid.', code: 'invalid' };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code?.startsWith('FST_CSRF')) {
    return {
      status: 403,
      message: 'The form had expired. Go back, reload the page and try again.',
      code: 'csrf',
    };
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500)
    return { status, message: fastifyError.message ?? 'Bad request' };
  return { status: 500, message: 'Something went wrong on our side.' };
}

export async function respondWithError(
  request: FastifyRequest,
  reply: FastifyReply,
  classified: Classified,
): Promise<FastifyReply> {
  let c = classified;
  reply.code(c.status);
  if (c.status === 401 && isApi(request)) {
    reply.header('www-authenticate', 'Bearer realm="nonsuch"');
    c = { ...c, message: 'Send a valid personal access token as Authorization: Bearer <token>.' };
  }
  if (isApi(request) || request.url === '/ready' || request.url === '/health') {
    return reply.type('application/problem+json').send(
      problem(c.status, c.message, {
        requestId: request.id,
        instance: request.url.split('?')[0] ?? request.url,
        ...(c.code ? { code: c.code } : {}),
        ...(c.fields ? { errors: c.fields } : {}),
      }),
    );
  }
  if (c.status === 401) return reply.code(303).redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
  const copy = pageFor(c.status);
  const heading = c.code === 'csrf' ? 'The form had expired' : copy.heading;
  return reply.page('views/error.njk', {
    pageTitle: heading,
    heading,
    paragraphs:
      c.code === 'csrf'
        ? [c.message]
        : // A refusal with a reason of its own (a final AMP, say) gives it before the general advice.
          c.status === 403 && c.message !== notPermitted
          ? [c.message, ...copy.paragraphs]
          : copy.paragraphs,
    requestId: c.status >= 500 ? request.id : undefined,
  });
}

export function refuseMalformed(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  publicUrl: string,
) {
  const status = error.statusCode ?? 400;
  void reply
    .code(status)
    .headers(securityHeaders({ https: publicUrl.startsWith('https://') }).fixed)
    .header('x-request-id', request.id)
    .type('application/problem+json')
    .send(
      problem(status, 'The address of this request is not valid.', {
        requestId: request.id,
        code: 'invalid',
      }),
    );
}
