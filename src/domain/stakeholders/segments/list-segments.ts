import type { Context } from '../../access/actor.ts';
import { authorize, boroughScope } from '../../access/policy.ts';
import { londonDay } from '../../shared/london-time.ts';
import { countPeople } from '../search.repo.ts';
import { type SegmentRecord, segmentInReach } from './segment.ts';
import { selectSegments } from './segments.repo.ts';

export type SegmentSummary = SegmentRecord & { members: number; mayChange: boolean };

/** The segments the actor may see, each with its live member count. */
export async function listSegments(ctx: Context): Promise<SegmentSummary[]> {
  authorize(ctx.actor, 'stakeholder:read');
  const scope = boroughScope(ctx.actor, 'stakeholder:read');
  const today = londonDay(ctx.clock.now());
  const segments = await selectSegments(ctx.db, scope);
  const out: SegmentSummary[] = [];
  for (const s of segments) {
    out.push({
      ...s,
      members: await countPeople(ctx.db, { scope, filter: s.filter, today }),
      mayChange: segmentInReach(ctx.actor, 'stakeholder:export', s.areaCode),
    });
  }
  return out;
}
