import { z } from 'zod';
import type { Context } from '../access/actor.ts';
import { authorize, authorizeInBorough, boroughScope } from '../access/policy.ts';
import { selectArea } from '../geography/areas.repo.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { type SiteRecord, selectSites } from './estate.repo.ts';
import { siteStatuses, siteTypes } from './site.ts';

const filterSchema = z.object({
  areaCode: z.string().trim().toUpperCase().optional(),
  type: z.enum(siteTypes, { error: 'Choose a type of site' }).optional(),
  status: z.enum(siteStatuses, { error: 'Choose a status' }).optional(),
  iconic: z.boolean().optional(),
});
export type SiteListFilter = z.input<typeof filterSchema>;

/** Sites in the actor's boroughs, or one borough's, filtered by type, status and iconic. */
export async function listSites(ctx: Context, input: SiteListFilter = {}): Promise<SiteRecord[]> {
  authorize(ctx.actor, 'estate:read');
  const filter = parseInput(filterSchema, input);
  if (filter.areaCode) {
    authorizeInBorough(ctx.actor, 'estate:read', filter.areaCode, 'There is no such borough.');
    if (!(await selectArea(ctx.db, filter.areaCode)))
      throw new DomainError('not_found', 'There is no such borough.');
  }
  return selectSites(ctx.db, { scope: boroughScope(ctx.actor, 'estate:read'), ...filter });
}
