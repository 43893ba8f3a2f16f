import type { Context } from '../../access/actor.ts';
import { changedValues, recordAudit } from '../../audit/record-audit.ts';
import { DomainError } from '../../shared/errors.ts';
import { checkSegment } from './create-segment.ts';
import { loadSegment } from './get-segment.ts';
import { noSuchSegment, type SegmentInput } from './segment.ts';
import { updateSegmentRow } from './segments.repo.ts';

/** Renames a segment or changes its filter (or its borough, among the actor's). */
export async function updateSegment(ctx: Context, input: SegmentInput & { id: string }): Promise<void> {
  const { id, ...rest } = input;
  const current = await loadSegment(ctx, id, 'stakeholder:export');
  const values = await checkSegment(ctx, rest);
  const changes = changedValues(
    { name: current.name, areaCode: current.areaCode, filter: current.filter },
    { ...values },
  );
  if (Object.keys(changes.newValues).length === 0) return;
  await ctx.db.transaction(async (tx) => {
    if (!(await updateSegmentRow(tx, current.id, values, ctx.clock.now()))) {
      throw new DomainError('not_found', noSuchSegment);
    }
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'segment',
        entityId: current.id,
        areaCode: values.areaCode,
        summary: `Segment “${values.name}” changed`,
        ...changes,
      },
    );
  });
}
