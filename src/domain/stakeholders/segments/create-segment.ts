import type { Context } from '../../access/actor.ts';
import { authorize, boroughScope, can } from '../../access/policy.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { selectArea } from '../../geography/areas.repo.ts';
import { DomainError } from '../../shared/errors.ts';
import { stakeholderFilterSchema } from '../filter.ts';
import { selectRoleIds } from '../stakeholders.repo.ts';
import { parsedSegment, type SegmentInput, segmentInputSchema } from './segment.ts';
import { insertSegment, type SegmentValues } from './segments.repo.ts';

/** Saves a filter under a name as a segment of one borough (or, for a programme lead, of all London). */
export async function createSegment(ctx: Context, input: SegmentInput): Promise<{ id: string }> {
  authorize(ctx.actor, 'stakeholder:export');
  const values = await checkSegment(ctx, input);
  return ctx.db.transaction(async (tx) => {
    const row = await insertSegment(
      tx,
      { ...values, createdByUserId: ctx.actor.kind === 'user' ? ctx.actor.userId : null },
      ctx.clock.now(),
    );
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'created',
        entityType: 'segment',
        entityId: row.id,
        areaCode: values.areaCode,
        summary: `Segment “${values.name}” saved`,
        newValues: { ...values },
      },
    );
    return row;
  });
}

/**
 * The segment's name and filter, checked: every problem is a field error naming the field. A
 * borough role must choose one of its boroughs; a role, when chosen, must be on the list.
 */
export async function checkSegment(ctx: Context, input: SegmentInput): Promise<SegmentValues> {
  const result = segmentInputSchema.safeParse(input);
  const fields: Record<string, string> = {};
  if (!result.success) {
    for (const issue of result.error.issues) fields[issue.path.join('.') || '_'] ??= issue.message;
  }
  // The borough and role are checked whenever the filter itself can be read, so every problem shows at once.
  const { name: _name, ...filterInput } = input;
  const filter = stakeholderFilterSchema.safeParse(filterInput);
  if (filter.success) {
    const { areaCode, roleId } = filter.data;
    if (areaCode === undefined) {
      if (boroughScope(ctx.actor, 'stakeholder:export') !== 'all') {
        fields.areaCode = 'Choose the borough the segment is for';
      }
    } else if (!(await selectArea(ctx.db, areaCode))) {
      fields.areaCode = 'Choose a borough from the list';
    } else if (!can(ctx.actor, 'stakeholder:export', { areaCode })) {
      fields.areaCode = 'Choose one of your boroughs';
    }
    if (roleId !== undefined && !(await selectRoleIds(ctx.db)).includes(roleId)) {
      fields.roleId = 'Choose a role from the list';
    }
  }
  if (!result.success || Object.keys(fields).length > 0) {
    throw new DomainError('invalid', 'Some details need correcting.', { fields });
  }
  return parsedSegment(result.data);
}
