import { z } from 'zod';
import { DomainError } from '../shared/errors.ts';
import { digest, newSecret } from '../shared/tokens.ts';
import { parseInput, singleLine } from '../shared/validation.ts';
import type { Context } from './actor.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { type SessionPolicy, sessionExpiry } from './session.ts';
import { deleteExpiredSessions, deleteSession, insertSession } from './sessions.repo.ts';
import { findUserByEmail } from './users.repo.ts';

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
};

export type SignedIn = Readonly<{ token: string; expiresAt: Date; userId: string }>;

const rejected = () =>
  new DomainError('unauthenticated', 'Enter a correct email address and password.', {
    fields: { email: 'Enter a correct email address and password' },
  });

/** Checks the credentials and starts a new session. The message never says whether the account exists. */
export async function signIn(ctx: Context, input: SignInInput): Promise<SignedIn> {
  const { email, password } = parseInput(credentialsSchema, input);
  const user = await findUserByEmail(ctx.db, email);
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !passwordOk || user.disabledAt !== null) throw rejected();

  const token = newSecret();
  const now = ctx.clock.now();
  const expiresAt = sessionExpiry(input.policy, now);
  await ctx.db.transaction(async (tx) => {
    if (input.previousToken) await deleteSession(tx, digest(input.previousToken));
    // Sessions nobody came back to are tidied here, so the table holds only live ones.
    await deleteExpiredSessions(tx, now, new Date(now.getTime() - input.policy.idleMinutes * 60_000));
    await insertSession(tx, { tokenHash: digest(token), userId: user.id, now, expiresAt });
  });
  return { token, expiresAt, userId: user.id };
}
