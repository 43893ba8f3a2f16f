import type { Context } from '../../access/actor.ts';
import { authorize, boroughScope, OutOfScope } from '../../access/policy.ts';
import { DomainError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { londonDay } from '../../shared/london-time.ts';
import { searchPeople } from '../search.repo.ts';
import { type MemberWithStatus, reachabilityOf, withMailingStatus } from './mailing-status.ts';
import { noSuchSegment, type Reachability, type SegmentRecord, segmentInReach } from './segment.ts';
import { selectSegment } from './segments.repo.ts';

/**
 * A segment, for one who may see it (`stakeholder:read`) or change and download it
 * (`stakeholder:export`). A segment of a borough outside the actor's reach is not found, exactly
 * as a missing one.
 */
export async function loadSegment(
  ctx: Context,
  id: string,
  action: 'stakeholder:read' | 'stakeholder:export' = 'stakeholder:read',
): Promise<SegmentRecord> {
  authorize(ctx.actor, action);
  if (!isUuid(id)) throw new DomainError('not_found', noSuchSegment);
  const segment = await selectSegment(ctx.db, id);
  if (!segment) throw new DomainError('not_found', noSuchSegment);
  if (!segmentInReach(ctx.actor, 'stakeholder:read', segment.areaCode)) throw new OutOfScope(noSuchSegment);
  if (!segmentInReach(ctx.actor, action, segment.areaCode)) {
    throw new DomainError('forbidden', 'You do not have permission to do that.');
  }
  return segment;
}

/** How many members a segment's preview shows. */
export const previewSize = 50;

export type { MemberWithStatus };

export type SegmentView = Readonly<{
  segment: SegmentRecord;
  reachability: Reachability;
  /** The first members by name, each with whether they can be e-mailed and why not. */
  preview: readonly MemberWithStatus[];
  /** Whether the actor may change, delete and download the segment. */
  mayChange: boolean;
}>;

/** A segment with its live count, how many members can be e-mailed (and why the others cannot), and its first members. */
export async function getSegment(ctx: Context, input: { id: string }): Promise<SegmentView> {
  const segment = await loadSegment(ctx, input.id);
  const scope = boroughScope(ctx.actor, 'stakeholder:read');
  const today = londonDay(ctx.clock.now());
  const [reachability, page] = await Promise.all([
    reachabilityOf(ctx.db, { scope, filter: segment.filter, today }),
    searchPeople(ctx.db, { scope, filter: segment.filter, today, sort: 'name', limit: previewSize }),
  ]);
  return {
    segment,
    reachability,
    preview: await withMailingStatus(ctx.db, page.rows),
    mayChange: segmentInReach(ctx.actor, 'stakeholder:export', segment.areaCode),
  };
}
