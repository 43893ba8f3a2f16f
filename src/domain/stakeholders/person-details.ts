import type { Context } from '../access/actor.ts';
import type { Action } from '../access/policy.ts';
import { currentVintages } from '../geography/current-vintages.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { boroughsOfPlaces, type PersonDetails, resolvePlaces } from './people.repo.ts';
import { type PersonInput, personInputSchema } from './person.ts';
import { inReach, requireBoroughInReach } from './scope.ts';
import { selectOrganisationAreas, selectRoleIds } from './stakeholders.repo.ts';

/**
 * Checks a person's details the way every writer (form, API, import) needs them checked: fields,
 * roles from the controlled list, places against the boundaries in use, organisations that exist
 * and are within reach, and at least one borough the actor may act in.
 */
export async function checkPersonDetails(
  ctx: Context,
  input: PersonInput,
  action: Action,
  /** Organisations the record already belongs to: kept even when outside the actor's reach. */
  heldOrganisationIds: readonly string[] = [],
): Promise<{ details: PersonDetails; boroughs: string[] }> {
  const parsed = parseInput(personInputSchema, input);
  const fields: Record<string, string> = {};
  const known = new Set(await selectRoleIds(ctx.db));
  const unknownRole = parsed.roleIds.find((r) => !known.has(r));
  if (unknownRole !== undefined) fields.roleIds = `“${unknownRole.slice(0, 60)}” is not a role on the list`;
  const { places, unknown } = await resolvePlaces(ctx.db, parsed.places, await currentVintages(ctx.db));
  if (unknown.length > 0)
    fields.places = `${unknown[0]} is not a borough, ward or constituency in the boundaries in use`;
  const organisationIds = [...new Set((parsed.memberships ?? []).map((m) => m.organisationId))];
  const orgAreas = await selectOrganisationAreas(ctx.db, organisationIds);
  const held = new Set(heldOrganisationIds);
  const missing = organisationIds.find(
    (id) => !orgAreas.has(id) || (!held.has(id) && !orgReachable(ctx, action, orgAreas.get(id) ?? null)),
  );
  if (missing !== undefined) fields.memberships = 'Choose an organisation from the list';
  if (Object.keys(fields).length > 0) {
    throw new DomainError('invalid', 'Some details need correcting.', { fields });
  }
  const boroughs = await boroughsOfPlaces(ctx.db, places);
  await requireBoroughInReach(ctx.db, ctx.actor, action, boroughs, 'places');
  return { details: { ...parsed, places }, boroughs };
}

/** London-wide organisations (no borough) are open to everyone who may act at all. */
const orgReachable = (ctx: Context, action: Action, areaCode: string | null): boolean =>
  areaCode === null || inReach(ctx.actor, action, [areaCode]);
