import type { Context } from '../access/actor.ts';
import { authorize, boroughScope } from '../access/policy.ts';
import { londonDay } from '../shared/london-time.ts';
import { parseInput } from '../shared/validation.ts';
import {
  type Cursor,
  decodeCursor,
  type SortOrder,
  type StakeholderFilter,
  type StakeholderFilterInput,
  sortOrders,
  stakeholderFilterSchema,
} from './filter.ts';
import { countPeople, type StakeholderRow, searchPeople as search } from './search.repo.ts';

export const pageSizes = { default: 50, max: 200 } as const;

export type SearchResult = Readonly<{
  filter: StakeholderFilter;
  sort: SortOrder;
  rows: readonly StakeholderRow[];
  total: number;
  next: Cursor | undefined;
}>;

/**
 * Finds people by name, organisation or e-mail (substring, whole word or near spelling) and by the
 * filters, within the actor's boroughs, a page at a time. A bad filter is a field error; a cursor
 * that cannot be read starts from the first page.
 */
export async function searchStakeholders(
  ctx: Context,
  input: StakeholderFilterInput & {
    sort?: string | undefined;
    after?: string | undefined;
    limit?: number | undefined;
  },
): Promise<SearchResult> {
  authorize(ctx.actor, 'stakeholder:read');
  const { sort: sortText, after, limit: limitInput, ...filterInput } = input;
  const filter = parseInput(stakeholderFilterSchema, filterInput);
  const sort = sortOrders.find((s) => s === sortText) ?? 'name';
  const limit = Math.min(Math.max(Math.trunc(limitInput ?? pageSizes.default), 1), pageSizes.max);
  const scope = boroughScope(ctx.actor, 'stakeholder:read');
  const today = londonDay(ctx.clock.now());
  const [page, total] = await Promise.all([
    search(ctx.db, { scope, filter, today, sort, cursor: decodeCursor(after, sort), limit }),
    countPeople(ctx.db, { scope, filter, today }),
  ]);
  return { filter, sort, rows: page.rows, total, next: page.next };
}
