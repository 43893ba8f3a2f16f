import type { Context } from '../access/actor.ts';
import { boroughScope } from '../access/policy.ts';
import { londonDay } from '../shared/london-time.ts';
import { type OrganisationMember, selectCurrentMembers } from './organisation-form-members.repo.ts';
import { getOrganisation } from './organisations.ts';
import type { OrganisationRecord } from './stakeholders.repo.ts';

export type OrganisationWithMembers = Readonly<{
  organisation: OrganisationRecord & { mayEdit: boolean };
  /** Its current members whom the actor may see (people in other boroughs are left out). */
  members: readonly OrganisationMember[];
}>;

/** An organisation the actor may see, with its current members within the actor's reach. */
export async function getOrganisationWithMembers(ctx: Context, id: string): Promise<OrganisationWithMembers> {
  const organisation = await getOrganisation(ctx, id);
  const members = await selectCurrentMembers(
    ctx.db,
    organisation.id,
    londonDay(ctx.clock.now()),
    boroughScope(ctx.actor, 'stakeholder:read'),
  );
  return { organisation, members };
}
