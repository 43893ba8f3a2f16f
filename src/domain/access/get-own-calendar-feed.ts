import { londonAreas } from '../geography/london-areas.ts';
import type { Context } from './actor.ts';
import { selectLiveFeedOfUser } from './calendar-feeds.repo.ts';
import { authorizeOwnFeed } from './calendar-feeds.ts';
import { boroughScope } from './policy.ts';

export type OwnCalendarFeed = Readonly<{
  /** The address in use and since when; the secret itself is not kept, so it cannot be shown again. */
  feed: { createdAt: Date } | null;
  /** The boroughs the feed covers (as the timetable the person sees): all, or the names of theirs. */
  boroughs: 'all' | readonly string[];
}>;

export async function getOwnCalendarFeed(ctx: Context): Promise<OwnCalendarFeed> {
  const actor = authorizeOwnFeed(ctx.actor);
  const feed = await selectLiveFeedOfUser(ctx.db, actor.userId);
  const scope = boroughScope(actor, 'estate:read');
  return {
    feed: feed ? { createdAt: feed.createdAt } : null,
    boroughs:
      scope === 'all' ? 'all' : londonAreas.filter((a) => scope.includes(a.gssCode)).map((a) => a.name),
  };
}
