import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { londonDay } from '../../domain/shared/london-time.ts';
import { pageSizes } from '../../domain/stakeholders/search-people.ts';
import { listSegmentMembers } from '../../domain/stakeholders/segments/segment-members.ts';
import { requestContext } from '../request-context.ts';
import { authErrors, problemResponse } from './problem.ts';
import { presentSegmentMembers, segmentMembersSchema } from './segments.present.ts';

const tags = ['Stakeholders'];

/** The segments API: a saved segment's members, with who is excluded from mailing and why. */
export async function segmentApiRoutes(parent: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/segments/:id/members',
    {
      schema: {
        summary: 'The members of a segment',
        description:
          'The people a saved segment matches today, by name, a page at a time, each with whether the newsletter may be sent to them and, if not, why. Follow `next` (as `after`) for the next page. A segment of a borough outside a borough role’s assignment answers 404, as a missing one does; a London-wide segment is seen only by roles that see every borough.',
        tags,
        params: z.object({
          id: z.string().max(100).meta({ description: 'The segment’s id (a UUID)' }),
        }),
        querystring: z.object({
          after: z
            .string()
            .max(1000, 'Give the `next` value of the page before')
            .optional()
            .meta({ description: 'The `next` value of the page before; left out for the first page' }),
          limit: z
            .string()
            .regex(/^\d{1,3}$/, `Give a number from 1 to ${pageSizes.max}`)
            .transform(Number)
            .refine((n) => n >= 1 && n <= pageSizes.max, `Give a number from 1 to ${pageSizes.max}`)
            .optional()
            .meta({
              description: `How many members a page holds (1 to ${pageSizes.max}; ${pageSizes.default} unless given)`,
            }),
        }),
        response: {
          200: segmentMembersSchema,
          400: problemResponse('A query parameter is not valid; `errors` names each one with what is wrong'),
          ...authErrors,
          404: problemResponse('There is no such segment'),
        },
      },
    },
    async (request) => {
      const ctx = requestContext(deps, request);
      const page = await listSegmentMembers(ctx, {
        id: request.params.id,
        after: request.query.after,
        limit: request.query.limit,
      });
      return presentSegmentMembers(page, londonDay(ctx.clock.now()));
    },
  );
}
