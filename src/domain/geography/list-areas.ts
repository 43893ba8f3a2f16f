import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { type AreaRecord, selectAreas } from './areas.repo.ts';

export async function listAreas(ctx: Context): Promise<AreaRecord[]> {
  authorize(ctx.actor, 'area:read');
  return selectAreas(ctx.db);
}
