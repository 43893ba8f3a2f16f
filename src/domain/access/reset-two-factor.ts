import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { authorize } from './policy.ts';
import { deleteSessionsOfUser } from './sessions.repo.ts';
import { deleteRecoveryCodes } from './two-factor.repo.ts';
import { findUserById, setTotp } from './users.repo.ts';

const inputSchema = z.object({ userId: z.uuid({ error: 'Choose a user' }) });

/**
 * For someone who has lost their authenticator app and their recovery codes: an administrator clears
 * the user's two-factor secret and codes and ends their sessions. If their role requires two-factor,
 * they set it up again the next time they sign in.
 */
export async function resetTwoFactor(
  ctx: Context,
  input: { userId: string },
): Promise<{ id: string; displayName: string; sessionsEnded: number }> {
  authorize(ctx.actor, 'user:reset-credentials');
  const notFound = () => new DomainError('not_found', 'There is no such user.');
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw notFound();
  const { userId } = parsed.data;
  if (ctx.actor.kind === 'user' && ctx.actor.userId === userId) {
    throw new DomainError(
      'conflict',
      'You cannot reset your own two-factor authentication. Another administrator can, or use your account page.',
    );
  }
  return ctx.db.transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw notFound();
    await setTotp(
      tx,
      user.id,
      { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
      ctx.clock.now(),
    );
    await deleteRecoveryCodes(tx, user.id);
    const sessionsEnded = await deleteSessionsOfUser(tx, user.id);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'user',
        entityId: user.id,
        summary: `Two-factor authentication reset for ${user.displayName} (${sessionsEnded} ${sessionsEnded === 1 ? 'session' : 'sessions'} ended)`,
        oldValues: { twoFactor: user.totpEnabledAt !== null },
        newValues: { twoFactor: false },
      },
    );
    return { id: user.id, displayName: user.displayName, sessionsEnded };
  });
}
