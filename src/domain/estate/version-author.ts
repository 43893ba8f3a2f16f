import type { Context } from '../access/actor.ts';
import { actorLabel } from '../audit/record-audit.ts';

/** Who made a version, as the versions tables record it. */
export const versionAuthor = (ctx: Context) => ({
  changedAt: ctx.clock.now(),
  changedBy: actorLabel(ctx.actor),
  changedByUserId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
});
