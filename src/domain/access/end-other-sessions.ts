import { recordAudit } from '../audit/record-audit.ts';
import { digest } from '../shared/tokens.ts';
import type { Context } from './actor.ts';
import { ownAccountActor } from './own-account.ts';
import { deleteSessionsOfUser } from './sessions.repo.ts';

/** "Sign out everywhere else": ends every session of the person except the one making the request. */
export async function endOtherSessions(
  ctx: Context,
  input: { sessionToken: string },
): Promise<{ ended: number }> {
  const actor = ownAccountActor(ctx);
  return ctx.db.transaction(async (tx) => {
    const ended = await deleteSessionsOfUser(tx, actor.userId, digest(input.sessionToken));
    if (ended > 0) {
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: 'signed-out',
          entityType: 'session',
          entityId: actor.userId,
          summary: `${actor.displayName} signed out everywhere else (${ended} session${ended === 1 ? '' : 's'})`,
        },
      );
    }
    return { ended };
  });
}
