import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { authorize } from './policy.ts';
import { deleteSessionsOfUser } from './sessions.repo.ts';
import { findUserByEmail, markUserDisabled } from './users.repo.ts';

/** Disabling a user ends every session they have at once; their API tokens stop working too. */
export async function disableUser(
  ctx: Context,
  input: { email: string },
): Promise<{ id: string; email: string }> {
  authorize(ctx.actor, 'user:disable');
  return ctx.db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, input.email);
    if (!user) throw new DomainError('not_found', `No user has the email address ${input.email}.`);
    if (ctx.actor.kind === 'user' && ctx.actor.userId === user.id) {
      throw new DomainError('conflict', 'You cannot disable your own account.');
    }
    await markUserDisabled(tx, user.id, ctx.clock.now());
    await deleteSessionsOfUser(tx, user.id);
    return { id: user.id, email: user.email };
  });
}
