import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { summariseUser, type UserSummary } from './list-users.ts';
import { ownAccountActor } from './own-account.ts';
import { findUserById } from './users.repo.ts';

/** The signed-in person's own account: their details, role and boroughs. */
export async function getOwnAccount(ctx: Context): Promise<UserSummary & { passwordChangedAt: Date | null }> {
  const actor = ownAccountActor(ctx);
  const user = await findUserById(ctx.db, actor.userId);
  if (!user) throw new DomainError('not_found', 'Your account was not found.');
  return { ...summariseUser(user), passwordChangedAt: user.passwordChangedAt };
}
