import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import type { Context } from './actor.ts';
import { claimAttempt, forgiveAttempt } from './sign-in-throttle.ts';
import { throttleKeys } from './throttle.ts';
import { advanceTotpStep } from './two-factor.repo.ts';
import { verifyTotp } from './two-factor.ts';
import type { UserWithBoroughs } from './users.repo.ts';

/**
 * Whether the code is the user's current authenticator code, not used before. Accepting it records
 * its time step, so the same code never works twice (two requests racing with it included).
 */
export async function acceptAuthenticatorCode(
  db: Db,
  user: Pick<UserWithBoroughs, 'id' | 'totpSecret' | 'totpEnabledAt' | 'totpLastStep'>,
  code: string,
  now: Date,
): Promise<boolean> {
  if (user.totpSecret === null || user.totpEnabledAt === null) return false;
  const step = verifyTotp(user.totpSecret, code, now, user.totpLastStep);
  return step !== null && advanceTotpStep(db, user.id, step, now);
}

const codeSchema = z.object({
  code: z
    .string({ error: 'Enter the code from your authenticator app' })
    .trim()
    .min(1, 'Enter the code from your authenticator app')
    .max(50, 'Enter the 6-digit code from your authenticator app'),
});

/**
 * Changing how one signs in (turning two-factor off, new recovery codes) asks for a current code
 * first, so a session left open on someone's desk is not enough to weaken the account. Wrong codes
 * count against the same sign-in throttle as at sign-in, so they cannot be guessed at speed.
 * Call it before the change's transaction: a refused attempt must stay counted.
 */
export async function requireAuthenticatorCode(
  ctx: Context,
  user: Pick<
    UserWithBoroughs,
    'id' | 'email' | 'displayName' | 'totpSecret' | 'totpEnabledAt' | 'totpLastStep'
  >,
  input: { code?: string | undefined },
): Promise<void> {
  const { code } = parseInput(codeSchema, { code: input.code ?? '' });
  const keys = throttleKeys(user.email, ctx.address);
  await claimAttempt(ctx, {
    keys,
    field: 'code',
    audit: {
      entityType: 'user',
      entityId: user.id,
      summary: `${user.displayName}: authenticator code refused, throttled`,
    },
  });
  const now = ctx.clock.now();
  if (!(await ctx.db.transaction((tx) => acceptAuthenticatorCode(tx, user, code, now)))) {
    const message = 'The code is not correct. Enter the code your authenticator app shows now';
    throw new DomainError('invalid', message, { fields: { code: message } });
  }
  await ctx.db.transaction((tx) => forgiveAttempt({ ...ctx, db: tx }, keys));
}
