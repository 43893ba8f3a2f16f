import { DomainError } from '../shared/errors.ts';
import type { Actor, Role } from './actor.ts';

/**
 * Every action Nonsuch performs, and who may perform it. The one place the rules live.
 * `own` actions concern the actor's own account (their API tokens, their sessions).
 */
export const actions = [
  'area:read',
  'user:list',
  'user:create',
  'user:disable',
  'token:manage-own',
  'token:manage-any',
] as const;

export type Action = (typeof actions)[number];

const roleRules: Readonly<Record<Role, ReadonlySet<Action>>> = {
  administrator: new Set<Action>(actions),
};

/** The command line runs with the server's own authority: whoever has the shell administers it. */
const operatorRules: ReadonlySet<Action> = new Set<Action>([
  'area:read',
  'user:list',
  'user:create',
  'user:disable',
  'token:manage-any',
]);

export function can(actor: Actor, action: Action): boolean {
  switch (actor.kind) {
    case 'user':
      return roleRules[actor.role].has(action);
    case 'operator':
      return operatorRules.has(action);
    case 'anonymous':
      return false;
  }
}

export function authorize(actor: Actor, action: Action): void {
  if (actor.kind === 'anonymous') throw new DomainError('unauthenticated', 'Sign in to continue.');
  if (!can(actor, action)) throw new DomainError('forbidden', 'You do not have permission to do that.');
}
