import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { createApiToken } from '../../../domain/access/create-api-token.ts';
import { listApiTokens } from '../../../domain/access/list-api-tokens.ts';
import { revokeApiToken } from '../../../domain/access/revoke-api-token.ts';
import { isDomainError } from '../../../domain/shared/errors.ts';
import { errorList, formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import { presentTokens } from './tokens.present.ts';

const createForm = z.object({ name: formText });
const tokenParams = z.object({ id: formText });
const revokedQuery = z.object({ revoked: formText });

/** A person's own personal access tokens for the JSON API. */
export async function tokenRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const userId = (request: FastifyRequest) => (request.actor.kind === 'user' ? request.actor.userId : '');

  async function render(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const tokens = await listApiTokens(requestContext(deps, request), { userId: userId(request) });
    return reply.page('staff/account/tokens.njk', {
      pageTitle: 'API tokens',
      ...presentTokens(tokens),
      justRevoked: revokedQuery.parse(request.query ?? {}).revoked === '1',
      values: {},
      ...extra,
    });
  }

  app.get('/account/tokens', (request, reply) => render(request, reply));

  app.post('/account/tokens', async (request, reply) => {
    const form = createForm.parse(request.body ?? {});
    try {
      const created = await createApiToken(requestContext(deps, request), {
        userId: userId(request),
        name: form.name,
      });
      // Shown once, on this response only: the secret is never stored and never redirected through a URL.
      reply.header('cache-control', 'no-store');
      return render(request, reply, { created });
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid' || !error.details.fields) throw error;
      reply.code(400);
      return render(request, reply, {
        values: form,
        errors: error.details.fields,
        errorList: errorList(error.details.fields, { name: 'name' }),
      });
    }
  });

  app.post('/account/tokens/:id/revoke', async (request, reply) => {
    const { id } = tokenParams.parse(request.params);
    await revokeApiToken(requestContext(deps, request), { id });
    return reply.redirect('/account/tokens?revoked=1', 303);
  });
}
