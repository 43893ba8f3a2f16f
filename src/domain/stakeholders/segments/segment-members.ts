import type { Context } from '../../access/actor.ts';
import { boroughScope } from '../../access/policy.ts';
import { londonDay } from '../../shared/london-time.ts';
import type { Cursor } from '../filter.ts';
import { countPeople, searchPeople } from '../search.repo.ts';
import { pageSizes } from '../search-people.ts';
import { readCursor } from './cursor.ts';
import { loadSegment, type MemberWithStatus } from './get-segment.ts';
import { withMailingStatus } from './mailing-status.ts';
import type { SegmentRecord } from './segment.ts';

export type SegmentMembersPage = Readonly<{
  segment: SegmentRecord;
  total: number;
  members: readonly MemberWithStatus[];
  next: Cursor | undefined;
}>;

/**
 * A page of a segment's members by name, each with whether they can be e-mailed and, if not, why.
 * Pages follow one another by an opaque cursor (`after`); one that cannot be read starts again.
 */
export async function listSegmentMembers(
  ctx: Context,
  input: { id: string; after?: string | undefined; limit?: number | undefined },
): Promise<SegmentMembersPage> {
  const segment = await loadSegment(ctx, input.id);
  const scope = boroughScope(ctx.actor, 'stakeholder:read');
  const today = londonDay(ctx.clock.now());
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? pageSizes.default), 1), pageSizes.max);
  const query = { scope, filter: segment.filter, today };
  const [page, total] = await Promise.all([
    searchPeople(ctx.db, { ...query, sort: 'name', cursor: readCursor(input.after, 'name'), limit }),
    countPeople(ctx.db, query),
  ]);
  return {
    segment,
    total,
    members: await withMailingStatus(ctx.db, page.rows),
    next: page.next,
  };
}
