import { changedValues, recordAudit } from '../audit/record-audit.ts';
import type { Context } from './actor.ts';
import { authorize } from './policy.ts';
import { findTargetUser, type UserRef } from './target-user.ts';
import { userAuditSnapshot } from './user-rules.ts';
import { findUserById, updateUser } from './users.repo.ts';

/** Lets a disabled user sign in again (with their existing password and two-factor). */
export async function enableUser(ctx: Context, input: UserRef): Promise<{ id: string; email: string }> {
  authorize(ctx.actor, 'user:disable');
  return ctx.db.transaction(async (tx) => {
    const user = await findTargetUser(tx, input);
    if (user.disabledAt !== null) {
      await updateUser(tx, user.id, { disabledAt: null, now: ctx.clock.now() });
      const after = await findUserById(tx, user.id);
      if (!after) throw new Error('the enabled user was not found');
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: 'updated',
          entityType: 'user',
          entityId: user.id,
          summary: `User ${user.displayName} enabled`,
          ...changedValues(userAuditSnapshot(user), userAuditSnapshot(after)),
        },
      );
    }
    return { id: user.id, email: user.email };
  });
}
