import type { Context } from '../../access/actor.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { DomainError } from '../../shared/errors.ts';
import { loadSegment } from './get-segment.ts';
import { noSuchSegment } from './segment.ts';
import { deleteSegmentRow } from './segments.repo.ts';

/** Deletes a segment (the people in it are not touched). */
export async function deleteSegment(ctx: Context, input: { id: string }): Promise<{ name: string }> {
  const current = await loadSegment(ctx, input.id, 'stakeholder:export');
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteSegmentRow(tx, current.id))) throw new DomainError('not_found', noSuchSegment);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'deleted',
        entityType: 'segment',
        entityId: current.id,
        areaCode: current.areaCode,
        summary: `Segment “${current.name}” deleted`,
        oldValues: { name: current.name, areaCode: current.areaCode, filter: current.filter },
      },
    );
  });
  return { name: current.name };
}
