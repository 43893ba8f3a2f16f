import { isBoroughScoped, type Role, roleNames } from './actor.ts';
import type { UserWithBoroughs } from './users.repo.ts';

/**
 * Borough-scoped roles work in at least one borough; London-wide roles have none, so a user's
 * boroughs never silently widen or narrow what their role allows.
 */
export function boroughsProblem(role: Role, boroughs: readonly string[]): string | undefined {
  if (isBoroughScoped(role) && boroughs.length === 0) {
    return `Choose at least one borough for a ${roleNames[role].toLowerCase()}`;
  }
  if (!isBoroughScoped(role) && boroughs.length > 0) {
    return `A ${roleNames[role].toLowerCase()} works across London: leave the boroughs empty`;
  }
  return undefined;
}

/** What the audit trail records of a user: never a password hash or a two-factor secret. */
export const userAuditSnapshot = (u: UserWithBoroughs) => ({
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  boroughs: u.boroughs,
  disabled: u.disabledAt !== null,
  twoFactor: u.totpEnabledAt !== null,
});
