import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import type { Context } from './actor.ts';
import type { SessionStart } from './begin-session.ts';
import { completePendingSession, ownAccount } from './pending-session.ts';
import type { SessionPolicy } from './session.ts';
import { setPendingTotpSecret } from './sessions.repo.ts';
import { replaceRecoveryCodes } from './two-factor.repo.ts';
import { newRecoveryCodes, recoveryCodeDigest, verifyTotp } from './two-factor.ts';
import { setTotp } from './users.repo.ts';

const codeSchema = z.object({
  code: z
    .string({ error: 'Enter the code from your authenticator app' })
    .trim()
    .min(1, 'Enter the code from your authenticator app')
    .max(50, 'Enter the 6-digit code from your authenticator app'),
});

export type ConfirmTwoFactorEnrolmentInput = Readonly<{
  code: string;
  /** The token of the request's session: signed in, or waiting for its owner to set up two-factor. */
  sessionToken?: string | undefined;
  policy: SessionPolicy;
}>;

export type TwoFactorConfirmed = Readonly<{
  /** Shown once; only their digests are kept. */
  recoveryCodes: string[];
  /** When the set-up finished a sign-in: the new, complete session that replaces the waiting one. */
  session?: SessionStart;
}>;

/**
 * Turns two-factor authentication on once a code from the app proves the secret was scanned, and
 * makes the first recovery codes. Done half-way through signing in, it also finishes the sign-in.
 */
export async function confirmTwoFactorEnrolment(
  ctx: Context,
  input: ConfirmTwoFactorEnrolmentInput,
): Promise<TwoFactorConfirmed> {
  const own = await ownAccount(ctx, {
    sessionToken: input.sessionToken,
    stage: 'enrol-second-factor',
    policy: input.policy,
  });
  const { code } = parseInput(codeSchema, { code: input.code });
  const { user, session: current } = own;
  if (user.totpEnabledAt !== null) {
    throw new DomainError('conflict', 'Two-factor authentication is already set up for your account.');
  }
  const secret = current?.pendingTotpSecret ?? null;
  if (!current || secret === null) {
    throw new DomainError('conflict', 'Start setting up two-factor authentication again.');
  }
  const now = ctx.clock.now();
  const step = verifyTotp(secret, code, now, null);
  if (step === null) {
    const message = 'The code is not correct. Enter the code your authenticator app shows now';
    throw new DomainError('invalid', message, { fields: { code: message } });
  }
  const recoveryCodes = newRecoveryCodes();
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await setTotp(tx, user.id, { totpSecret: secret, totpEnabledAt: now, totpLastStep: step }, now);
    await setPendingTotpSecret(tx, current.tokenHash, null);
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map(recoveryCodeDigest), now);
    await recordAudit(txCtx, {
      actor: own.actor,
      action: 'updated',
      entityType: 'user',
      entityId: user.id,
      summary: `${user.displayName} turned on two-factor authentication`,
      oldValues: { twoFactor: false },
      newValues: { twoFactor: true },
    });
    if (!own.pending) return { recoveryCodes };
    const session = await completePendingSession(txCtx, {
      pending: own.pending,
      user,
      policy: input.policy,
      how: 'a new authenticator app',
    });
    return { recoveryCodes, session };
  });
}
