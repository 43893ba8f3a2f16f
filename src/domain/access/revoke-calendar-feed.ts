import { recordAudit } from '../audit/record-audit.ts';
import type { Context } from './actor.ts';
import { revokeFeedsOfUser } from './calendar-feeds.repo.ts';
import { authorizeOwnFeed } from './calendar-feeds.ts';

/** Stops the person's calendar address at once; doing it again changes nothing. */
export async function revokeCalendarFeed(ctx: Context): Promise<{ revoked: number }> {
  const actor = authorizeOwnFeed(ctx.actor);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const stopped = await revokeFeedsOfUser(tx, actor.userId, now);
    for (const feed of stopped) {
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: 'updated',
          entityType: 'calendar-feed',
          entityId: feed.id,
          summary: `Calendar address of ${actor.displayName} stopped`,
          oldValues: { revokedAt: null },
          newValues: { revokedAt: now.toISOString() },
        },
      );
    }
    return { revoked: stopped.length };
  });
}
