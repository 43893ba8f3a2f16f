import type { Context } from './actor.ts';
import { summariseUser, type UserSummary } from './list-users.ts';
import { authorize } from './policy.ts';
import { findTargetUser } from './target-user.ts';

/** One user, for an administrator's page about them. */
export async function getUserById(ctx: Context, input: { id: string }): Promise<UserSummary> {
  authorize(ctx.actor, 'user:list');
  return summariseUser(await findTargetUser(ctx.db, { id: input.id }));
}
