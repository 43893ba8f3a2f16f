import type { Sheet, SheetCell } from '../../../documents/spreadsheet.ts';
import type { Context } from '../../access/actor.ts';
import { boroughScope } from '../../access/policy.ts';
import { londonDay } from '../../shared/london-time.ts';
import { everyMatch, stakeholderCells, stakeholderColumns } from '../export-stakeholders.ts';
import { exclusionReasonNames } from '../person.ts';
import { loadSegment } from './get-segment.ts';
import { withMailingStatus } from './mailing-status.ts';
import type { SegmentRecord } from './segment.ts';

export type SegmentExport = Readonly<{ segment: SegmentRecord; sheet: Sheet }>;

/**
 * A segment's members as a sheet: the list's columns, then whether each can be e-mailed and, if
 * not, why, judged as the segment page and the API judge it.
 */
export async function exportSegmentMembers(ctx: Context, input: { id: string }): Promise<SegmentExport> {
  const segment = await loadSegment(ctx, input.id, 'stakeholder:export');
  const today = londonDay(ctx.clock.now());
  const scope = boroughScope(ctx.actor, 'stakeholder:export');
  const rows: SheetCell[][] = [];
  for await (const page of everyMatch(ctx, { scope, filter: segment.filter, today, sort: 'name' })) {
    for (const { status, ...row } of await withMailingStatus(ctx.db, page)) {
      rows.push([
        ...stakeholderCells(row, today),
        status.ok ? 'Yes' : 'No',
        status.ok ? '' : exclusionReasonNames[status.reason],
      ]);
    }
  }
  return {
    segment,
    sheet: {
      name: segment.name,
      columns: [
        ...stakeholderColumns,
        { header: 'Can be e-mailed', width: 14 },
        { header: 'Why not', width: 32 },
      ],
      rows,
    },
  };
}
