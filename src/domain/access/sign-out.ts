import { recordAudit } from '../audit/record-audit.ts';
import { digest } from '../shared/tokens.ts';
import type { Context } from './actor.ts';
import { deleteSession } from './sessions.repo.ts';

export async function signOut(ctx: Context, input: { token: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await deleteSession(tx, digest(input.token));
    if (ctx.actor.kind === 'user') {
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: 'signed-out',
          entityType: 'session',
          entityId: ctx.actor.userId,
          summary: `${ctx.actor.displayName} signed out`,
        },
      );
    }
  });
}
