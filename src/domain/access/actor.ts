import type { Db } from '../../db/connect.ts';
import { roleValues } from '../../db/schema/access.ts';
import type { Clock } from '../shared/clock.ts';

export const roles = roleValues;
export type Role = (typeof roles)[number];

export const roleNames: Readonly<Record<Role, string>> = {
  administrator: 'Administrator',
  programme_lead: 'Programme lead',
  borough_lead: 'Borough lead',
  borough_contributor: 'Borough contributor',
  analyst: 'Analyst',
};

/** Roles that work in the boroughs assigned to them, and see nothing of the others. */
export const boroughScopedRoles: ReadonlySet<Role> = new Set<Role>(['borough_lead', 'borough_contributor']);

export const isBoroughScoped = (role: Role): boolean => boroughScopedRoles.has(role);

/** Who is acting: a signed-in user, or an operator at the command line (who has the server's shell). */
export type UserActor = Readonly<{
  kind: 'user';
  userId: string;
  role: Role;
  displayName: string;
  email: string;
  /** GSS codes of the boroughs assigned to a borough-scoped user; empty for London-wide roles. */
  boroughs: readonly string[];
}>;

export type Actor =
  | UserActor
  | Readonly<{ kind: 'operator'; name: string }>
  | Readonly<{ kind: 'anonymous' }>;

export const anonymous: Actor = Object.freeze({ kind: 'anonymous' });

export const operator = (name: string): Actor => Object.freeze({ kind: 'operator', name });

/**
 * What every use case receives: never a web request. `requestId` and `address` are carried only so
 * the audit trail can say which request made a change and from where.
 */
export type Context = Readonly<{
  db: Db;
  actor: Actor;
  clock: Clock;
  requestId?: string | undefined;
  address?: string | undefined;
}>;
