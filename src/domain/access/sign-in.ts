import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput, singleLine } from '../shared/validation.ts';
import type { Context } from './actor.ts';
import { beginSession, type SessionStart } from './begin-session.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import type { SessionPolicy } from './session.ts';
import { claimAttempt, forgiveAttempt } from './sign-in-throttle.ts';
import { clearThrottle } from './throttle.repo.ts';
import { accountKey, throttleKeys } from './throttle.ts';
import { findUserByEmail, normaliseEmail } from './users.repo.ts';

const credentialsSchema = z.object({
  // An email that could never belong to an account fails like a wrong one.
  email: singleLine(
    {
      required: 'Enter your email address',
      tooLong: 'Enter a correct email address and password',
      invalid: 'Enter a correct email address and password',
    },
    254,
  ),
  // No password of ours is longer than 256 characters, so a longer one is simply wrong.
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(1024, 'Enter a correct email address and password'),
});

export type SignInInput = z.input<typeof credentialsSchema> & {
  policy: SessionPolicy;
  /** The token of a session the browser already holds; it is ended so the new one replaces it. */
  previousToken?: string | undefined;
  userAgent?: string | undefined;
};

const rejected = () =>
  new DomainError('unauthenticated', 'Enter a correct email address and password.', {
    fields: { email: 'Enter a correct email address and password' },
  });

/**
 * Checks the credentials and starts a new session (which may still need the second factor).
 * While the account or the address is throttled (too many recent failures) the password is not even
 * checked. The messages never say whether the account exists; every refusal is in the audit trail.
 */
export async function signIn(ctx: Context, input: SignInInput): Promise<SessionStart> {
  const { email, password } = parseInput(credentialsSchema, input);
  const keys = throttleKeys(normaliseEmail(email), ctx.address);
  const user = await findUserByEmail(ctx.db, email);
  await claimAttempt(ctx, {
    keys,
    field: 'email',
    audit: {
      entityType: 'session',
      entityId: user?.id ?? null,
      summary: 'Sign-in refused: throttled',
      newValues: { email },
    },
  });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !passwordOk || user.disabledAt !== null) {
    const reason = !user
      ? 'no such account'
      : user.disabledAt !== null
        ? 'account disabled'
        : 'wrong password';
    await ctx.db.transaction(async (tx) => {
      // The failure was counted when the attempt was claimed.
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: 'sign-in-refused',
          entityType: 'session',
          entityId: user?.id ?? null,
          summary: `Sign-in refused: ${reason}`,
          newValues: { email },
          refused: true,
        },
      );
    });
    throw rejected();
  }
  return ctx.db.transaction(async (tx) => {
    const session = await beginSession(
      { ...ctx, db: tx },
      {
        user,
        method: 'password',
        policy: input.policy,
        previousToken: input.previousToken,
        userAgent: input.userAgent,
      },
    );
    // A correct password wipes the account's failures, unless a second factor is still to come:
    // then the slate is cleaned only once that is passed too, so codes cannot be guessed forever.
    await forgiveAttempt({ ...ctx, db: tx }, keys);
    if (session.stage !== 'second-factor') await clearThrottle(tx, accountKey(user.email));
    return session;
  });
}
