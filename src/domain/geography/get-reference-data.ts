import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { type LoadedVintage, selectLoadedVintages } from './electoral-areas.repo.ts';

/** What reference geography is loaded: for the administrators' page that loads more. */
export async function getReferenceData(ctx: Context): Promise<{ vintages: LoadedVintage[] }> {
  authorize(ctx.actor, 'reference:import');
  return { vintages: await selectLoadedVintages(ctx.db) };
}
