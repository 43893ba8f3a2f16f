import type { Sheet, SheetCell, SheetColumn } from '../../documents/spreadsheet.ts';
import type { Context } from '../access/actor.ts';
import { authorize, boroughScope } from '../access/policy.ts';
import { londonDay } from '../shared/london-time.ts';
import { parseInput } from '../shared/validation.ts';
import {
  type Cursor,
  type SortOrder,
  type StakeholderFilter,
  type StakeholderFilterInput,
  sortOrders,
  stakeholderFilterSchema,
} from './filter.ts';
import { type ConsentState, isStale, staleAfterMonths } from './person.ts';
import { type SearchScope, type StakeholderRow, searchPeople } from './search.repo.ts';
import { withLatestConsent } from './segments/mailing-status.ts';

/**
 * The stakeholder list as a spreadsheet: everyone matching the filter (every page of the one search
 * query, read a page at a time by keyset), with columns named in plain English. The writer
 * (documents/spreadsheet.ts) guards every text cell against formula injection.
 */

/** Rows read from the database at a time. */
const exportPageSize = 1_000;

export const consentNames: Readonly<Record<ConsentState, string>> = {
  given: 'Given',
  withdrawn: 'Withdrawn',
  none: 'None recorded',
};

export const stakeholderColumns: readonly SheetColumn[] = [
  { header: 'Name', width: 30 },
  { header: 'Organisations', width: 40 },
  { header: 'Roles', width: 30 },
  { header: 'Boroughs', width: 24 },
  { header: 'E-mail', width: 32 },
  { header: 'Phone', width: 18 },
  { header: 'Newsletter consent', width: 18 },
  { header: 'Top 100 rank', kind: 'number' },
  { header: 'Influence (1 to 5)', kind: 'number' },
  { header: 'Interest (1 to 5)', kind: 'number' },
  { header: 'Last verified', kind: 'date' },
  { header: `Not verified for ${staleAfterMonths} months`, width: 14 },
  { header: 'Last updated', kind: 'date' },
];

/** One person's cells, in the order of `stakeholderColumns`. */
export function stakeholderCells(row: StakeholderRow, today: string): SheetCell[] {
  return [
    row.fullName,
    row.organisations.join('; '),
    row.roles.join('; '),
    row.boroughs.join('; '),
    row.email,
    row.phone,
    consentNames[row.consent],
    row.topHundredRank,
    row.influence,
    row.interest,
    row.lastVerifiedOn,
    isStale(row.lastVerifiedOn, today) ? 'Yes' : 'No',
    londonDay(row.updatedAt),
  ];
}

/** Every person matching a filter, in pages: the caller turns each page into rows. */
export async function* everyMatch(
  ctx: Context,
  query: { scope: SearchScope; filter: StakeholderFilter; today: string; sort: SortOrder },
): AsyncGenerator<readonly StakeholderRow[]> {
  let cursor: Cursor | undefined;
  do {
    const page = await searchPeople(ctx.db, { ...query, cursor, limit: exportPageSize });
    if (page.rows.length > 0) yield await withLatestConsent(ctx.db, page.rows);
    cursor = page.next;
  } while (cursor !== undefined);
}

export type StakeholderExport = Readonly<{ filter: StakeholderFilter; sheet: Sheet }>;

/** The filtered stakeholder list as a sheet, within the boroughs the actor may export. */
export async function exportStakeholders(
  ctx: Context,
  input: StakeholderFilterInput & { sort?: string | undefined },
): Promise<StakeholderExport> {
  authorize(ctx.actor, 'stakeholder:export');
  const { sort: sortText, ...filterInput } = input;
  const filter = parseInput(stakeholderFilterSchema, filterInput);
  const sort = sortOrders.find((s) => s === sortText) ?? 'name';
  const today = londonDay(ctx.clock.now());
  const scope = boroughScope(ctx.actor, 'stakeholder:export');
  const rows: SheetCell[][] = [];
  for await (const page of everyMatch(ctx, { scope, filter, today, sort })) {
    for (const row of page) rows.push(stakeholderCells(row, today));
  }
  return { filter, sheet: { name: 'Stakeholders', columns: stakeholderColumns, rows } };
}
