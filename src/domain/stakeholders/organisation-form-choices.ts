import type { Context } from '../access/actor.ts';
import { authorize, boroughScope } from '../access/policy.ts';
import { selectAreas } from '../geography/areas.repo.ts';

type Named = Readonly<{ code: string; name: string }>;

export type OrganisationFormChoices = Readonly<{
  /** The boroughs the actor may add organisations to or move them into. */
  boroughs: readonly Named[];
  /** Whether the actor may leave the borough empty: a London-wide organisation. */
  mayChooseLondonWide: boolean;
}>;

/** What the organisation form offers: the actor's boroughs, and London-wide to those who act in all. */
export async function getOrganisationFormChoices(ctx: Context): Promise<OrganisationFormChoices> {
  authorize(ctx.actor, 'stakeholder:edit');
  const scope = boroughScope(ctx.actor, 'stakeholder:edit');
  const boroughs = await selectAreas(ctx.db, scope);
  return {
    boroughs: boroughs.map((b) => ({ code: b.gssCode, name: b.name })),
    mayChooseLondonWide: scope === 'all',
  };
}

/** The boroughs the list of organisations can be filtered by: those whose organisations the actor sees. */
export async function getOrganisationFilterChoices(ctx: Context): Promise<readonly Named[]> {
  authorize(ctx.actor, 'stakeholder:read');
  const boroughs = await selectAreas(ctx.db, boroughScope(ctx.actor, 'stakeholder:read'));
  return boroughs.map((b) => ({ code: b.gssCode, name: b.name }));
}
