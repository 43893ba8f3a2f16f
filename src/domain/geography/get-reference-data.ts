import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { type LoadedBoundaries, selectLoadedBoundaries } from './boundaries.repo.ts';
import { type LoadedVintage, selectLoadedVintages } from './electoral-areas.repo.ts';

export type ReferenceData = Readonly<{ vintages: LoadedVintage[]; boundaries: LoadedBoundaries[] }>;

/** What reference geography is loaded: for the administrators' page that loads more. */
export async function getReferenceData(ctx: Context): Promise<ReferenceData> {
  authorize(ctx.actor, 'reference:import');
  return {
    vintages: await selectLoadedVintages(ctx.db),
    boundaries: await selectLoadedBoundaries(ctx.db),
  };
}
