import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { digest } from '../shared/tokens.ts';
import { parseInput } from '../shared/validation.ts';
import type { Context } from './actor.ts';
import { ownAccountActor } from './own-account.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { deleteSessionsOfUser } from './sessions.repo.ts';
import { findUserById, setPasswordHash } from './users.repo.ts';
import { passwordSchema } from './users.schema.ts';

const changeSchema = z
  .object({
    currentPassword: z
      .string({ error: 'Enter your current password' })
      .min(1, 'Enter your current password')
      .max(1024, 'Your current password is not correct'),
    newPassword: passwordSchema,
    confirmPassword: z.string({ error: 'Enter the new password again' }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  });

export type ChangeOwnPasswordInput = z.input<typeof changeSchema> & {
  /** The token of the session making the change: it stays signed in, every other one ends. */
  sessionToken?: string | undefined;
};

const wrongCurrent = () =>
  new DomainError('invalid', 'Your current password is not correct.', {
    fields: { currentPassword: 'Your current password is not correct' },
  });

/** A person changes their own password, proving the current one; their other sessions end. */
export async function changeOwnPassword(
  ctx: Context,
  input: ChangeOwnPasswordInput,
): Promise<{ otherSessionsEnded: number }> {
  const actor = ownAccountActor(ctx);
  const values = parseInput(changeSchema, input);
  const user = await findUserById(ctx.db, actor.userId);
  if (!user) throw new DomainError('not_found', 'Your account was not found.');
  if (user.passwordHash === null) {
    throw new DomainError(
      'conflict',
      'You sign in with single sign-on, so you have no Nonsuch password to change.',
    );
  }
  if (!(await verifyPassword(user.passwordHash, values.currentPassword))) throw wrongCurrent();
  if (values.newPassword === values.currentPassword) {
    const message = 'Your new password must be different from your current one';
    throw new DomainError('invalid', message, { fields: { newPassword: message } });
  }
  const passwordHash = await hashPassword(values.newPassword);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await setPasswordHash(tx, user.id, passwordHash, now);
    // Without a token (no session to keep) every session ends, which is the safe side.
    const ended = await deleteSessionsOfUser(
      tx,
      user.id,
      input.sessionToken ? digest(input.sessionToken) : undefined,
    );
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'user',
        entityId: user.id,
        summary: `${user.displayName} changed their password; ${ended} other session${ended === 1 ? '' : 's'} ended`,
        oldValues: { passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null },
        newValues: { passwordChangedAt: now.toISOString() },
      },
    );
    return { otherSessionsEnded: ended };
  });
}
