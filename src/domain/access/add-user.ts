import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { createUser } from './create-user.ts';
import { type InviteUserInput, inviteUser, type LinkResult } from './invite-user.ts';
import { authorize } from './policy.ts';
import type { UserWithBoroughs } from './users.repo.ts';

export const passwordChoices = ['invite', 'password'] as const;

export type AddUserInput = InviteUserInput & {
  /** How the person gets their password: an invitation link, or one the administrator sets now. */
  how: string | undefined;
  password?: string | undefined;
};

export type AddedUser =
  | Readonly<{ how: 'password'; user: UserWithBoroughs }>
  | Readonly<{ how: 'invite'; invited: LinkResult }>;

/** The administrator's "add a user": with a password set now, or invited to choose their own. */
export async function addUser(ctx: Context, input: AddUserInput): Promise<AddedUser> {
  authorize(ctx.actor, 'user:create');
  const { how, password, ...details } = input;
  if (how === 'password') return { how, user: await createUser(ctx, { ...details, password }) };
  if (how === 'invite') return { how, invited: await inviteUser(ctx, details) };
  const message = 'Choose how they will get their password';
  throw new DomainError('invalid', message, { fields: { how: message } });
}

/** What the form for adding a user needs: it is only for those who may add users. */
export function authorizeAddUserForm(ctx: Context): void {
  authorize(ctx.actor, 'user:create');
}
