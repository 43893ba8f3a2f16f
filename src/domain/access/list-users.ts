import type { Context, Role } from './actor.ts';
import { authorize } from './policy.ts';
import { listUsers as selectUsers, type UserWithBoroughs } from './users.repo.ts';

/** What may be shown of a user: never the password hash or the two-factor secret. */
export type UserSummary = Readonly<{
  id: string;
  email: string;
  displayName: string;
  role: Role;
  boroughs: readonly string[];
  disabled: boolean;
  hasPassword: boolean;
  twoFactor: boolean;
  createdAt: Date;
}>;

export const summariseUser = (u: UserWithBoroughs): UserSummary => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  boroughs: u.boroughs,
  disabled: u.disabledAt !== null,
  hasPassword: u.passwordHash !== null,
  twoFactor: u.totpEnabledAt !== null,
  createdAt: u.createdAt,
});

export async function listUsers(ctx: Context): Promise<UserSummary[]> {
  authorize(ctx.actor, 'user:list');
  return (await selectUsers(ctx.db)).map(summariseUser);
}
