import { changedValues, recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { authorize } from './policy.ts';
import { deleteSessionsOfUser } from './sessions.repo.ts';
import { findTargetUser, isLastActiveAdministrator, type UserRef } from './target-user.ts';
import { userAuditSnapshot } from './user-rules.ts';
import { findUserById, markUserDisabled } from './users.repo.ts';

/**
 * Disabling a user ends every session they have at once; their API tokens stop working too.
 * Disabling again changes nothing (the first time is kept). No one disables their own account, and
 * the last administrator who can sign in cannot be disabled.
 */
export async function disableUser(ctx: Context, input: UserRef): Promise<{ id: string; email: string }> {
  authorize(ctx.actor, 'user:disable');
  return ctx.db.transaction(async (tx) => {
    const user = await findTargetUser(tx, input);
    if (ctx.actor.kind === 'user' && ctx.actor.userId === user.id) {
      throw new DomainError('conflict', 'You cannot disable your own account.');
    }
    if (await isLastActiveAdministrator(tx, user)) {
      throw new DomainError(
        'conflict',
        'This is the only administrator who can sign in. Make someone else an administrator first.',
      );
    }
    await deleteSessionsOfUser(tx, user.id);
    if (user.disabledAt === null) {
      await markUserDisabled(tx, user.id, ctx.clock.now());
      const after = await findUserById(tx, user.id);
      if (!after) throw new Error('the disabled user was not found');
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: 'updated',
          entityType: 'user',
          entityId: user.id,
          summary: `User ${user.displayName} disabled (signed out everywhere)`,
          ...changedValues(userAuditSnapshot(user), userAuditSnapshot(after)),
        },
      );
    }
    return { id: user.id, email: user.email };
  });
}
