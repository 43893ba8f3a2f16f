import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { ownAccount } from './pending-session.ts';
import type { SessionPolicy } from './session.ts';
import { setPendingTotpSecret } from './sessions.repo.ts';
import { newTotpSecret, totpUri } from './two-factor.ts';

export type TwoFactorEnrolment = Readonly<{
  /** The shared secret in base32, for people who type it into their app instead of scanning. */
  secret: string;
  /** The otpauth:// address the QR code holds. */
  uri: string;
  email: string;
}>;

export type StartTwoFactorEnrolmentInput = Readonly<{
  /** The token of the request's session: signed in, or waiting for its owner to set up two-factor. */
  sessionToken?: string | undefined;
  policy: SessionPolicy;
}>;

/**
 * Gives the person a secret for their authenticator app. It is kept on their session, offered and
 * not yet in use, until a code from the app confirms it (confirm-two-factor-enrolment.ts). Coming
 * back to the page in the same session shows the same secret, so an app that has already scanned
 * it keeps working; any other session (someone else who knows the password) gets a secret of its
 * own, which never becomes the account's unless that session confirms it.
 */
export async function startTwoFactorEnrolment(
  ctx: Context,
  input: StartTwoFactorEnrolmentInput,
): Promise<TwoFactorEnrolment> {
  const own = await ownAccount(ctx, {
    sessionToken: input.sessionToken,
    stage: 'enrol-second-factor',
    policy: input.policy,
  });
  const { user, session } = own;
  if (user.totpEnabledAt !== null) {
    throw new DomainError('conflict', 'Two-factor authentication is already set up for your account.');
  }
  if (!session) throw new DomainError('unauthenticated', 'Sign in again to carry on.');
  if (session.pendingTotpSecret !== null) {
    const secret = session.pendingTotpSecret;
    return { secret, uri: totpUri(secret, user.email), email: user.email };
  }
  const secret = newTotpSecret();
  await ctx.db.transaction(async (tx) => {
    await setPendingTotpSecret(tx, session.tokenHash, secret);
    await recordAudit(
      { ...ctx, db: tx },
      {
        actor: own.actor,
        action: 'updated',
        entityType: 'user',
        entityId: user.id,
        summary: `${user.displayName} started setting up two-factor authentication`,
      },
    );
  });
  return { secret, uri: totpUri(secret, user.email), email: user.email };
}
