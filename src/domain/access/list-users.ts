import type { Context } from './actor.ts';
import { authorize } from './policy.ts';
import { listUsers as selectUsers, type UserRow } from './users.repo.ts';

/** What may be shown of a user: never the password hash. */
export type UserSummary = Readonly<{
  id: string;
  email: string;
  displayName: string;
  role: string;
  disabled: boolean;
  createdAt: Date;
}>;

export const summariseUser = (u: UserRow): UserSummary => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  disabled: u.disabledAt !== null,
  createdAt: u.createdAt,
});

export async function listUsers(ctx: Context): Promise<UserSummary[]> {
  authorize(ctx.actor, 'user:list');
  return (await selectUsers(ctx.db)).map(summariseUser);
}
