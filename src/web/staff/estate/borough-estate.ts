import type { Context } from '../../../domain/access/actor.ts';
import { getBoroughEstate } from '../../../domain/estate/get-borough-estate.ts';
import { presentBoroughEstate } from './estate.present.ts';

/** The estate part of a borough's page: its sites, its AMP and its proposals, imminent ones marked. */
export async function boroughEstate(ctx: Context, gssCode: string) {
  const estate = await getBoroughEstate(ctx, { gssCode });
  return presentBoroughEstate(estate.sites, estate.amp, { canEdit: estate.mayEdit });
}
