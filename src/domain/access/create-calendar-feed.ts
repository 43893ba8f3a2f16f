import { recordAudit } from '../audit/record-audit.ts';
import { digest } from '../shared/tokens.ts';
import type { Context } from './actor.ts';
import { insertCalendarFeed, revokeFeedsOfUser } from './calendar-feeds.repo.ts';
import { authorizeOwnFeed, newCalendarToken } from './calendar-feeds.ts';

export type CreatedCalendarFeed = Readonly<{
  id: string;
  /** The secret for the address: returned this once, never stored. */
  token: string;
  createdAt: Date;
  /** Whether an earlier address of the person stopped working. */
  replaced: boolean;
}>;

/** Gives the person a new calendar subscription address, stopping any earlier one. */
export async function createCalendarFeed(ctx: Context): Promise<CreatedCalendarFeed> {
  const actor = authorizeOwnFeed(ctx.actor);
  const token = newCalendarToken();
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const stopped = await revokeFeedsOfUser(tx, actor.userId, now);
    for (const old of stopped) {
      await recordAudit(txCtx, {
        action: 'updated',
        entityType: 'calendar-feed',
        entityId: old.id,
        summary: `Calendar address of ${actor.displayName} replaced`,
        oldValues: { revokedAt: null },
        newValues: { revokedAt: now.toISOString() },
      });
    }
    const feed = await insertCalendarFeed(tx, { userId: actor.userId, tokenHash: digest(token), now });
    await recordAudit(txCtx, {
      action: 'created',
      entityType: 'calendar-feed',
      entityId: feed.id,
      summary: `Calendar address created for ${actor.displayName}`,
      newValues: { owner: actor.displayName },
    });
    return { id: feed.id, token, createdAt: feed.createdAt, replaced: stopped.length > 0 };
  });
}
