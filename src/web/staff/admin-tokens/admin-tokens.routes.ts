import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { listAllApiTokens } from '../../../domain/access/list-all-api-tokens.ts';
import { revokeApiToken } from '../../../domain/access/revoke-api-token.ts';
import { formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';

const tokenParams = z.object({ id: formText });
const revokedQuery = z.object({ revoked: formText });

/** Every user's API tokens, for administrators, who may revoke any of them. */
export async function adminTokenRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get('/api-tokens', async (request, reply) => {
    const tokens = await listAllApiTokens(requestContext(deps, request));
    // The list names people and their e-mail addresses.
    reply.header('cache-control', 'no-store');
    return reply.page('staff/admin-tokens/admin-tokens.njk', {
      pageTitle: 'All API tokens',
      tokens,
      activeCount: tokens.filter((t) => t.revokedAt === null).length,
      justRevoked: revokedQuery.parse(request.query ?? {}).revoked === '1',
    });
  });

  app.post('/api-tokens/:id/revoke', async (request, reply) => {
    const { id } = tokenParams.parse(request.params);
    await revokeApiToken(requestContext(deps, request), { id });
    return reply.redirect('/api-tokens?revoked=1', 303);
  });
}
