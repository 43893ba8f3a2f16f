import type { Context } from '../../access/actor.ts';
import { loadStakeholderBorough } from './stakeholder-borough.ts';
import { type Grid, placeOnGrid } from './stakeholder-grid.ts';
import { type GridRow, selectGridPeople } from './top-hundred.repo.ts';

export type StakeholderGridView = Readonly<{
  area: Readonly<{ gssCode: string; name: string }>;
  grid: Grid<GridRow>;
  total: number;
}>;

/** A borough's people on the influence and interest grid (those on its top 100 first in each cell). */
export async function getStakeholderGrid(
  ctx: Context,
  input: { areaCode: string },
): Promise<StakeholderGridView> {
  const area = await loadStakeholderBorough(ctx, input.areaCode, 'stakeholder:read');
  const people = await selectGridPeople(ctx.db, area.gssCode);
  return {
    area: { gssCode: area.gssCode, name: area.name },
    grid: placeOnGrid(people),
    total: people.length,
  };
}
