import type { Context } from '../access/actor.ts';
import { authorize, boroughScope } from '../access/policy.ts';
import { selectAreas } from '../geography/areas.repo.ts';
import { currentVintages } from '../geography/current-vintages.ts';
import { selectWardsOfAreas } from '../geography/electoral-areas.repo.ts';
import { selectConstituenciesWithBoroughs } from './person-form-choices.repo.ts';
import { selectOrganisationChoices, selectRoles } from './stakeholders.repo.ts';

type Named = Readonly<{ code: string; name: string }>;

export type PersonFormChoices = Readonly<{
  /** The boroughs the actor may add people in. */
  boroughs: readonly Named[];
  /** The wards of those boroughs in the boundaries in use, grouped by borough (boroughs without wards left out). */
  wardVintage: number | undefined;
  wardGroups: readonly Readonly<{ borough: Named; wards: readonly Named[] }>[];
  /** The constituencies touching those boroughs in the boundaries in use, with the boroughs' names. */
  constituencyVintage: number | undefined;
  constituencies: readonly Readonly<{ code: string; name: string; boroughNames: readonly string[] }>[];
  /** The controlled list of roles. */
  roles: readonly Readonly<{ id: string; label: string }>[];
  /** Organisations a person may be made a member of: London-wide ones and those of the actor's boroughs. */
  organisations: readonly Readonly<{ id: string; name: string; areaName: string | null }>[];
}>;

/**
 * What the person form offers to someone who may add or change people: places, roles and
 * organisations within their reach, in the boundaries in use.
 */
export async function getPersonFormChoices(ctx: Context): Promise<PersonFormChoices> {
  authorize(ctx.actor, 'stakeholder:edit');
  const scope = boroughScope(ctx.actor, 'stakeholder:edit');
  const boroughs = await selectAreas(ctx.db, scope);
  const codes = boroughs.map((b) => b.gssCode);
  const nameOf = new Map(boroughs.map((b) => [b.gssCode, b.name]));
  const vintages = await currentVintages(ctx.db);
  const wards = vintages.ward === undefined ? [] : await selectWardsOfAreas(ctx.db, codes, vintages.ward);
  const constituencies =
    vintages.constituency === undefined
      ? []
      : await selectConstituenciesWithBoroughs(ctx.db, {
          ward: vintages.ward,
          constituency: vintages.constituency,
        });
  const organisations = await selectOrganisationChoices(ctx.db, scope);
  return {
    boroughs: boroughs.map((b) => ({ code: b.gssCode, name: b.name })),
    wardVintage: vintages.ward,
    wardGroups: boroughs
      .map((b) => ({
        borough: { code: b.gssCode, name: b.name },
        wards: wards.filter((w) => w.areaCode === b.gssCode).map((w) => ({ code: w.code, name: w.name })),
      }))
      .filter((g) => g.wards.length > 0),
    constituencyVintage: vintages.constituency,
    constituencies: constituencies
      .filter((c) => c.areaCodes.some((code) => nameOf.has(code)))
      .map((c) => ({
        code: c.code,
        name: c.name,
        boroughNames: c.areaCodes.flatMap((code) => nameOf.get(code) ?? []),
      })),
    roles: (await selectRoles(ctx.db)).map((r) => ({ id: r.id, label: r.label })),
    organisations: organisations.map((o) => ({ id: o.id, name: o.name, areaName: o.areaName })),
  };
}
