/**
 * Pure rules for single sign-on: which person the identity provider's claims name. Only a verified
 * e-mail address names anyone; everything else about the person (role, boroughs, whether they may
 * sign in at all) is Nonsuch's own record.
 */
import { normaliseEmail } from './users.repo.ts';

/** Claims as the provider asserted them, in its ID token or from its userinfo endpoint. */
export type ProviderClaims = Readonly<Record<string, unknown>>;

/** Why a single sign-on was refused: kept in the audit trail, never shown to the person. */
export type SingleSignOnRefusal =
  | 'the provider gave no email address'
  | 'the provider has not verified the email address'
  | 'no such account'
  | 'account disabled';

/** What the person is told whatever the reason, so the page never reveals whether an account exists. */
export const refusedMessage =
  'You cannot sign in to Nonsuch with this account. Ask your Nonsuch administrator if you think you should be able to.';

const longestEmail = 254;

/** The address the claims name, only when the provider says it has verified it (email_verified: true). */
export function verifiedEmail(
  claims: ProviderClaims,
): { email: string } | { refusal: SingleSignOnRefusal; email?: string } {
  const raw = claims.email;
  const email = typeof raw === 'string' ? normaliseEmail(raw) : '';
  // An address with a line break or without an @ is not an address, whatever the provider says.
  if (!email || email.length > longestEmail || !email.includes('@') || /\s/.test(email)) {
    return { refusal: 'the provider gave no email address' };
  }
  // Exactly true: a missing claim, "true" as a string or anything else counts as unverified.
  if (claims.email_verified !== true)
    return { refusal: 'the provider has not verified the email address', email };
  return { email };
}

/** Whether the account an address names may sign in; undefined when it may. */
export function accountRefusal(
  user: { disabledAt: Date | null } | undefined,
): SingleSignOnRefusal | undefined {
  if (!user) return 'no such account';
  if (user.disabledAt !== null) return 'account disabled';
  return undefined;
}
