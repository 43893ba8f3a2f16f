import type { Context } from '../../access/actor.ts';
import { authorize, boroughScope } from '../../access/policy.ts';
import { currentVintages } from '../../geography/current-vintages.ts';
import { selectWard, selectWardsOfAreas } from '../../geography/electoral-areas.repo.ts';
import type { StakeholderFilter } from '../filter.ts';
import {
  type OrganisationType,
  organisationTypeNames,
  organisationTypes,
  staleAfterMonths,
} from '../person.ts';
import { boroughChoices } from '../search.repo.ts';
import { selectRoles } from '../stakeholders.repo.ts';

/**
 * What the stakeholder filter offers to choose from, limited to what the actor can see: the list
 * page and the segment form share it. Wards are offered for the borough chosen, or for a borough
 * role's few boroughs; across all of London a borough is chosen first.
 */

/** A borough role with more boroughs than this chooses a borough before its wards are listed. */
const wardListLimit = 4;

export type FilterChoices = Readonly<{
  boroughs: readonly { code: string; name: string }[];
  wards: readonly { code: string; name: string; boroughName: string }[];
  /** True when wards are listed only once a borough is chosen. */
  wardsNeedBorough: boolean;
  roles: readonly { id: string; label: string }[];
  organisationTypes: readonly { value: OrganisationType; text: string }[];
  /** Whether the actor may only choose among their boroughs (a segment must then name one). */
  boroughScoped: boolean;
}>;

export async function getFilterChoices(
  ctx: Context,
  input: { areaCode?: string | undefined; action?: 'stakeholder:read' | 'stakeholder:export' },
): Promise<FilterChoices> {
  const action = input.action ?? 'stakeholder:read';
  authorize(ctx.actor, action);
  const scope = boroughScope(ctx.actor, action);
  const boroughs = await boroughChoices(ctx.db, scope);
  const names = new Map(boroughs.map((b) => [b.code, b.name]));
  const chosen = input.areaCode !== undefined && names.has(input.areaCode) ? [input.areaCode] : undefined;
  const wardBoroughs =
    chosen ?? (scope !== 'all' && scope.length <= wardListLimit ? boroughs.map((b) => b.code) : []);
  const { ward: vintage } = await currentVintages(ctx.db);
  const wards =
    vintage === undefined || wardBoroughs.length === 0
      ? []
      : await selectWardsOfAreas(ctx.db, wardBoroughs, vintage);
  const roles = await selectRoles(ctx.db);
  return {
    boroughs,
    wards: wards.map((w) => ({ code: w.code, name: w.name, boroughName: names.get(w.areaCode) ?? '' })),
    wardsNeedBorough: wardBoroughs.length === 0 && vintage !== undefined,
    roles: roles.map((r) => ({ id: r.id, label: r.label })),
    organisationTypes: organisationTypes.map((value) => ({ value, text: organisationTypeNames[value] })),
    boroughScoped: scope !== 'all',
  };
}

/** The names a filter's summary needs: boroughs, wards and roles, by code. */
export type FilterNames = Readonly<{
  boroughs: ReadonlyMap<string, string>;
  wards: ReadonlyMap<string, string>;
  roles: ReadonlyMap<string, string>;
}>;

export async function filterNames(ctx: Context, filters: readonly StakeholderFilter[]): Promise<FilterNames> {
  const boroughs = new Map(
    (await boroughChoices(ctx.db, boroughScope(ctx.actor, 'stakeholder:read'))).map((b) => [b.code, b.name]),
  );
  const roles = new Map((await selectRoles(ctx.db)).map((r) => [r.id, r.label]));
  const wardCodes = [...new Set(filters.flatMap((f) => (f.wardCode ? [f.wardCode] : [])))];
  const wards = new Map<string, string>();
  if (wardCodes.length > 0) {
    const { ward: vintage } = await currentVintages(ctx.db);
    for (const code of wardCodes) {
      const ward = vintage === undefined ? undefined : await selectWard(ctx.db, code, vintage);
      if (ward) wards.set(code, ward.name);
    }
  }
  return { boroughs, wards, roles };
}

const consentWords = {
  given: 'Consent to the newsletter given',
  withdrawn: 'Consent to the newsletter withdrawn',
  none: 'No consent to the newsletter recorded',
} as const;

/** A filter in words, one part for each thing it asks for; empty when it asks for nothing. */
export function describeFilter(filter: StakeholderFilter, names: FilterNames): string[] {
  const parts: string[] = [];
  if (filter.q) parts.push(`Matching “${filter.q}”`);
  if (filter.areaCode) parts.push(`In ${names.boroughs.get(filter.areaCode) ?? filter.areaCode}`);
  if (filter.wardCode) parts.push(`Ward: ${names.wards.get(filter.wardCode) ?? filter.wardCode}`);
  if (filter.roleId) parts.push(`Role: ${names.roles.get(filter.roleId) ?? filter.roleId}`);
  if (filter.organisationType) {
    parts.push(`Member of a ${organisationTypeNames[filter.organisationType].toLowerCase()}`);
  }
  if (filter.topHundred !== undefined)
    parts.push(filter.topHundred ? 'In the top 100' : 'Not in the top 100');
  if (filter.consent) parts.push(consentWords[filter.consent]);
  if (filter.stale !== undefined) {
    parts.push(
      filter.stale
        ? `Not verified for ${staleAfterMonths} months or more`
        : `Verified in the last ${staleAfterMonths} months`,
    );
  }
  return parts;
}
