import type { Context } from '../../../domain/access/actor.ts';
import { can } from '../../../domain/access/policy.ts';
import { getAmp } from '../../../domain/estate/get-amp.ts';
import { listSites } from '../../../domain/estate/list-sites.ts';
import { presentBoroughEstate } from './estate.present.ts';

/** The estate part of a borough's page: its sites, its AMP and its proposals, imminent ones marked. */
export async function boroughEstate(ctx: Context, gssCode: string) {
  const sites = await listSites(ctx, { areaCode: gssCode });
  const amp = await getAmp(ctx, { gssCode });
  return presentBoroughEstate(sites, amp, {
    canEdit: can(ctx.actor, 'estate:edit', { areaCode: gssCode }),
  });
}
