import type { Context } from '../../access/actor.ts';
import { boroughScope, can } from '../../access/policy.ts';
import { isUuid } from '../../shared/ids.ts';
import { londonDay } from '../../shared/london-time.ts';
import { stakeholderFilterSchema } from '../filter.ts';
import { type StakeholderRow, searchPeople } from '../search.repo.ts';
import { loadStakeholderBorough } from './stakeholder-borough.ts';
import { selectListedPerson, selectTopHundred, type TopHundredEntry } from './top-hundred.repo.ts';
import { topHundredLimit } from './top-hundred.ts';

/** How many people a search for someone to add shows at once. */
export const candidateLimit = 20;

export type TopHundredView = Readonly<{
  area: Readonly<{ gssCode: string; name: string }>;
  entries: readonly TopHundredEntry[];
  limit: number;
  full: boolean;
  mayEdit: boolean;
  /** A search for people of the borough not yet listed, when one was asked for by someone who may add. */
  search:
    | Readonly<{ q: string; error: string | undefined; results: readonly StakeholderRow[]; more: boolean }>
    | undefined;
  /** The person a change was about (for the message after it), when they are of this borough. */
  about: Readonly<{ id: string; fullName: string }> | undefined;
}>;

/**
 * A borough's top 100, rank 1 first, with each person's roles, organisations, scores and whether
 * the newsletter may reach them. For an editor, `q` finds people of the borough not yet listed.
 */
export async function getTopHundred(
  ctx: Context,
  input: { areaCode: string; q?: string | undefined; about?: string | undefined },
): Promise<TopHundredView> {
  const area = await loadStakeholderBorough(ctx, input.areaCode, 'stakeholder:read');
  const today = londonDay(ctx.clock.now());
  const entries = await selectTopHundred(ctx.db, area.gssCode, today);
  const mayEdit = can(ctx.actor, 'stakeholder:edit', { areaCode: area.gssCode });
  let search: TopHundredView['search'];
  if (mayEdit && input.q !== undefined && input.q.trim() !== '') {
    const parsed = stakeholderFilterSchema.shape.q.safeParse(input.q);
    if (!parsed.success || parsed.data === undefined) {
      search = {
        q: input.q,
        error: parsed.error?.issues[0]?.message ?? 'Enter a name',
        results: [],
        more: false,
      };
    } else {
      const page = await searchPeople(ctx.db, {
        scope: boroughScope(ctx.actor, 'stakeholder:read'),
        filter: { areaCode: area.gssCode, q: parsed.data, topHundred: false },
        today,
        sort: 'name',
        limit: candidateLimit,
      });
      search = { q: parsed.data, error: undefined, results: page.rows, more: page.next !== undefined };
    }
  }
  let about: TopHundredView['about'];
  if (input.about !== undefined && isUuid(input.about)) {
    const listed = entries.find((e) => e.id === input.about);
    const person = listed ?? (await selectListedPerson(ctx.db, input.about, area.gssCode));
    if (person && (listed !== undefined || person.inBorough)) {
      about = { id: person.id, fullName: person.fullName };
    }
  }
  return {
    area: { gssCode: area.gssCode, name: area.name },
    entries,
    limit: topHundredLimit,
    full: entries.length >= topHundredLimit,
    mayEdit,
    search,
    about,
  };
}
