import type { Context } from '../access/actor.ts';
import { authorize, can } from '../access/policy.ts';
import { getBoroughGeography } from '../geography/get-borough-geography.ts';
import { listAreas } from '../geography/list-areas.ts';

export type SiteFormChoices = Readonly<{
  /** The boroughs the person may add sites to or move sites into. */
  areas: readonly Readonly<{ gssCode: string; name: string }>[];
  /** The wards of the borough the form is for, in the boundaries in use. */
  wards: readonly Readonly<{ code: string; name: string }>[];
  wardVintage: number | undefined;
}>;

/** What the site form offers: the person's boroughs, and the wards of the one chosen. */
export async function getSiteFormChoices(
  ctx: Context,
  input: { areaCode?: string | undefined },
): Promise<SiteFormChoices> {
  authorize(ctx.actor, 'estate:edit');
  const areas = (await listAreas(ctx)).filter((a) => can(ctx.actor, 'estate:edit', { areaCode: a.gssCode }));
  const chosen = areas.find((a) => a.gssCode === input.areaCode);
  const places = chosen ? await getBoroughGeography(ctx, { gssCode: chosen.gssCode }) : undefined;
  return {
    areas: areas.map((a) => ({ gssCode: a.gssCode, name: a.name })),
    wards: places?.wards ?? [],
    wardVintage: places?.wardVintage,
  };
}
