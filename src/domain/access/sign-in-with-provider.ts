import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { beginSession, type SessionStart } from './begin-session.ts';
import type { SessionPolicy } from './session.ts';
import { accountRefusal, type ProviderClaims, refusedMessage, verifiedEmail } from './single-sign-on.ts';
import { findUserByEmail } from './users.repo.ts';

export type SignInWithProviderInput = Readonly<{
  /** Claims the identity provider asserted, already checked (signature, issuer, audience, nonce). */
  claims: ProviderClaims;
  policy: SessionPolicy;
  /** The token of a session the browser already holds; it is ended so the new one replaces it. */
  previousToken?: string | undefined;
  userAgent?: string | undefined;
}>;

/**
 * Single sign-on's first factor: the provider vouches for a verified e-mail address, and the
 * Nonsuch account with that address signs in, keeping its own role and boroughs. The session may
 * still wait for the second factor, exactly as after a password. Refusals say nothing about
 * whether an account exists; the reason is kept in the audit trail.
 */
export async function signInWithProvider(
  ctx: Context,
  input: SignInWithProviderInput,
): Promise<SessionStart> {
  const checked = verifiedEmail(input.claims);
  const user = 'refusal' in checked ? undefined : await findUserByEmail(ctx.db, checked.email);
  const refusal = 'refusal' in checked ? checked.refusal : accountRefusal(user);
  if (refusal !== undefined || user === undefined) {
    await recordAudit(ctx, {
      action: 'sign-in-refused',
      entityType: 'session',
      entityId: user?.id ?? null,
      summary: `Single sign-on refused: ${refusal ?? 'no such account'}`,
      newValues: checked.email ? { email: checked.email } : null,
      refused: true,
    });
    throw new DomainError('unauthenticated', refusedMessage, { fields: { singleSignOn: refusedMessage } });
  }
  return ctx.db.transaction((tx) =>
    beginSession(
      { ...ctx, db: tx },
      {
        user,
        method: 'single-sign-on',
        policy: input.policy,
        previousToken: input.previousToken,
        userAgent: input.userAgent,
      },
    ),
  );
}
