import type { Context } from '../access/actor.ts';
import { authorize, boroughScope } from '../access/policy.ts';
import { type AreaRecord, selectAreas } from './areas.repo.ts';

/** The areas the actor may see: every one, or only their assigned boroughs. */
export async function listAreas(ctx: Context): Promise<AreaRecord[]> {
  authorize(ctx.actor, 'area:read');
  return selectAreas(ctx.db, boroughScope(ctx.actor, 'area:read'));
}
