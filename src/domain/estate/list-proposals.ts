import { z } from 'zod';
import type { Context } from '../access/actor.ts';
import { authorize, authorizeInBorough, boroughScope } from '../access/policy.ts';
import { selectArea } from '../geography/areas.repo.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { selectProposals } from './estate.repo.ts';
import { type ProposalSummary, withImminence } from './get-site.ts';

const filterSchema = z.object({
  areaCode: z.string().trim().toUpperCase().optional(),
  dated: z.boolean().optional(),
  imminent: z.boolean().optional(),
});
export type ProposalListFilter = z.input<typeof filterSchema>;

/** Proposals in the actor's boroughs (or one borough's), each marked imminent or not. */
export async function listProposals(
  ctx: Context,
  input: ProposalListFilter = {},
): Promise<ProposalSummary[]> {
  authorize(ctx.actor, 'estate:read');
  const filter = parseInput(filterSchema, input);
  if (filter.areaCode) {
    authorizeInBorough(ctx.actor, 'estate:read', filter.areaCode, 'There is no such borough.');
    if (!(await selectArea(ctx.db, filter.areaCode)))
      throw new DomainError('not_found', 'There is no such borough.');
  }
  const rows = await selectProposals(ctx.db, {
    scope: boroughScope(ctx.actor, 'estate:read'),
    areaCode: filter.areaCode,
    dated: filter.dated,
  });
  const marked = await withImminence(ctx, rows);
  return filter.imminent === undefined ? marked : marked.filter((p) => p.imminent === filter.imminent);
}
