import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { ownAccount } from './pending-session.ts';
import type { SessionPolicy } from './session.ts';
import { newTotpSecret, totpUri } from './two-factor.ts';
import { setTotp } from './users.repo.ts';

export type TwoFactorEnrolment = Readonly<{
  /** The shared secret in base32, for people who type it into their app instead of scanning. */
  secret: string;
  /** The otpauth:// address the QR code holds. */
  uri: string;
  email: string;
}>;

export type StartTwoFactorEnrolmentInput = Readonly<{
  /** The token of the session waiting for its owner to set up two-factor, when not signed in. */
  pendingToken?: string | undefined;
  policy: SessionPolicy;
}>;

/**
 * Gives the person a secret for their authenticator app. It is stored as pending (not yet in use)
 * until a code from the app confirms it (confirm-two-factor-enrolment.ts). Coming back to the page
 * shows the same pending secret, so an app that has already scanned it keeps working.
 */
export async function startTwoFactorEnrolment(
  ctx: Context,
  input: StartTwoFactorEnrolmentInput,
): Promise<TwoFactorEnrolment> {
  const own = await ownAccount(ctx, {
    pendingToken: input.pendingToken,
    stage: 'enrol-second-factor',
    policy: input.policy,
  });
  const { user } = own;
  if (user.totpEnabledAt !== null) {
    throw new DomainError('conflict', 'Two-factor authentication is already set up for your account.');
  }
  if (user.totpSecret !== null) {
    return { secret: user.totpSecret, uri: totpUri(user.totpSecret, user.email), email: user.email };
  }
  const secret = newTotpSecret();
  await ctx.db.transaction(async (tx) => {
    await setTotp(
      tx,
      user.id,
      { totpSecret: secret, totpEnabledAt: null, totpLastStep: null },
      ctx.clock.now(),
    );
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
