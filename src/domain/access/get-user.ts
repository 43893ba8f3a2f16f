import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { summariseUser, type UserSummary } from './list-users.ts';
import { authorize } from './policy.ts';
import { findUserByEmail } from './users.repo.ts';

/** One user by email address (in any case). */
export async function getUserByEmail(ctx: Context, input: { email: string }): Promise<UserSummary> {
  authorize(ctx.actor, 'user:list');
  const user = await findUserByEmail(ctx.db, input.email);
  if (!user) throw new DomainError('not_found', `No user has the email address ${input.email}.`);
  return summariseUser(user);
}
