import type { Context } from '../access/actor.ts';
import { can } from '../access/policy.ts';
import type { SiteRecord } from './estate.repo.ts';
import { type AmpDetail, getAmp } from './get-amp.ts';
import { listSites } from './list-sites.ts';

export type BoroughEstate = Readonly<{ sites: readonly SiteRecord[]; amp: AmpDetail; mayEdit: boolean }>;

/** A borough's estate at a glance: its sites, its AMP with its proposals, and whether the reader may edit. */
export async function getBoroughEstate(ctx: Context, input: { gssCode: string }): Promise<BoroughEstate> {
  const sites = await listSites(ctx, { areaCode: input.gssCode });
  const amp = await getAmp(ctx, input);
  return { sites, amp, mayEdit: can(ctx.actor, 'estate:edit', { areaCode: amp.area.gssCode }) };
}
