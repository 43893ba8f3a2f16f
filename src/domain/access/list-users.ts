import type { Context } from './actor.ts';
import { authorize } from './policy.ts';
import { listUsers as selectUsers } from './users.repo.ts';

export type UserSummary = Readonly<{
  id: string;
  email: string;
  displayName: string;
  role: string;
  disabled: boolean;
  createdAt: Date;
}>;

export async function listUsers(ctx: Context): Promise<UserSummary[]> {
  authorize(ctx.actor, 'user:list');
  const rows = await selectUsers(ctx.db);
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabledAt !== null,
    createdAt: u.createdAt,
  }));
}
