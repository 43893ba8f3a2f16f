import type { ErrorCode } from '../domain/shared/errors.ts';

/** The one table from domain error codes to HTTP. */
export const httpStatusFor: Readonly<Record<ErrorCode, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gate_not_met: 422,
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
