import { DomainError } from '../shared/errors.ts';
import type { Context, UserActor } from './actor.ts';
import { authorize } from './policy.ts';

/** The signed-in person acting on their own account; the command line has no account of its own. */
export function ownAccountActor(ctx: Context): UserActor {
  authorize(ctx.actor, 'account:manage-own');
  if (ctx.actor.kind !== 'user')
    throw new DomainError('forbidden', 'Only a signed-in person has an account.');
  return ctx.actor;
}
