import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { getDemoAccounts } from '../../domain/access/get-demo-accounts.ts';
import { requestContext } from '../request-context.ts';
import { singleSignOnLink } from './single-sign-on-link.ts';

/**
 * What the sign-in page always shows, however it is reached (first visit, a refused password, a
 * single sign-on that did not work): single sign-on when configured, the demo accounts in a demo.
 */
export const signInPageData = async (deps: Deps, request: FastifyRequest, next: string) => ({
  pageTitle: 'Sign in',
  next,
  values: {},
  singleSignOn: singleSignOnLink(deps.config, next),
  demo: await getDemoAccounts(requestContext(deps, request), {
    production: deps.config.env === 'production',
  }),
});
