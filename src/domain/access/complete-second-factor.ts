import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import type { Context } from './actor.ts';
import { acceptAuthenticatorCode } from './authenticator-code.ts';
import type { SessionStart } from './begin-session.ts';
import { completePendingSession, pendingSessionOwner } from './pending-session.ts';
import { authorize } from './policy.ts';
import type { SessionPolicy } from './session.ts';
import { claimAttempt, forgiveAttempt } from './sign-in-throttle.ts';
import { clearThrottle } from './throttle.repo.ts';
import { accountKey, throttleKeys } from './throttle.ts';
import { countUnusedRecoveryCodes, useRecoveryCode } from './two-factor.repo.ts';
import { looksLikeRecoveryCode, recoveryCodeDigest } from './two-factor.ts';
import { actorOf } from './users.repo.ts';

export type SecondFactorKind = 'app' | 'recovery';

const wording = {
  app: {
    required: 'Enter the code from your authenticator app',
    wrong: 'The code is not correct. Enter the code your authenticator app shows now',
    how: 'authenticator app',
  },
  recovery: {
    required: 'Enter a recovery code',
    wrong: 'The recovery code is not correct, or it has already been used',
    how: 'recovery code',
  },
} as const;

export type CompleteSecondFactorInput = Readonly<{
  /** The token of the session waiting for its second factor. */
  token: string | undefined;
  kind: SecondFactorKind;
  code: string;
  policy: SessionPolicy;
}>;

export type SecondFactorPassed = Readonly<{
  session: SessionStart;
  /** How many unused recovery codes are left (worth telling someone who has just used one). */
  recoveryCodesLeft: number;
}>;

/**
 * The second step of signing in: a code from the authenticator app, or one of the recovery codes
 * (each works once). On success the waiting session is replaced by a complete one with a new token.
 * Wrong codes count against the same throttle as wrong passwords.
 */
export async function completeSecondFactor(
  ctx: Context,
  input: CompleteSecondFactorInput,
): Promise<SecondFactorPassed> {
  const words = wording[input.kind];
  const { session: pending, user } = await pendingSessionOwner(ctx, {
    token: input.token,
    stage: 'second-factor',
    policy: input.policy,
  });
  const actor = actorOf(user);
  authorize(actor, 'account:manage-own');
  const { code } = parseInput(
    z.object({
      code: z.string({ error: words.required }).trim().min(1, words.required).max(100, words.wrong),
    }),
    { code: input.code },
  );
  const keys = throttleKeys(user.email, ctx.address);
  const refusal = (reason: string) => ({
    actor,
    entityType: 'session',
    entityId: user.id,
    summary: `Sign-in refused: ${reason}`,
  });
  await claimAttempt(ctx, { keys, field: 'code', audit: refusal('throttled') });

  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx): Promise<SecondFactorPassed | undefined> => {
    const passed =
      input.kind === 'app'
        ? await acceptAuthenticatorCode(tx, user, code, now)
        : looksLikeRecoveryCode(code) && (await useRecoveryCode(tx, user.id, recoveryCodeDigest(code), now));
    if (!passed) return undefined;
    const txCtx = { ...ctx, db: tx };
    await forgiveAttempt(txCtx, keys);
    await clearThrottle(tx, accountKey(user.email));
    const session = await completePendingSession(txCtx, {
      pending,
      user,
      policy: input.policy,
      how: words.how,
    });
    const recoveryCodesLeft = await countUnusedRecoveryCodes(tx, user.id);
    if (input.kind === 'recovery') {
      await recordAudit(txCtx, {
        actor,
        action: 'updated',
        entityType: 'user',
        entityId: user.id,
        summary: `${user.displayName} used a recovery code (${recoveryCodesLeft} left)`,
        newValues: { recoveryCodesLeft },
      });
    }
    return { session, recoveryCodesLeft };
  });
  if (result) return result;

  await ctx.db.transaction(async (tx) => {
    // The failure was counted when the attempt was claimed.
    await recordAudit(
      { ...ctx, db: tx },
      {
        ...refusal(input.kind === 'app' ? 'wrong authenticator code' : 'wrong recovery code'),
        action: 'sign-in-refused',
        refused: true,
      },
    );
  });
  throw new DomainError('unauthenticated', words.wrong, { fields: { code: words.wrong } });
}

/** A code from the app for a step not used before; the step is recorded so the code cannot be replayed. */
