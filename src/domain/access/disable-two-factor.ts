import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { roleNames } from './actor.ts';
import { requireAuthenticatorCode } from './authenticator-code.ts';
import { authorize } from './policy.ts';
import { twoFactorRequired } from './session.ts';
import { readSettings } from './settings.repo.ts';
import { deleteRecoveryCodes } from './two-factor.repo.ts';
import { findUserById, setTotp } from './users.repo.ts';

/**
 * Turns off two-factor authentication on one's own account, which only someone whose role does not
 * require it (and when the setting does not require it of everyone) may do, with a current code
 * from their authenticator app.
 */
export async function disableTwoFactor(ctx: Context, input: { code?: string | undefined }): Promise<void> {
  authorize(ctx.actor, 'account:manage-own');
  if (ctx.actor.kind !== 'user') throw new DomainError('forbidden', 'You do not have permission to do that.');
  const user = await findUserById(ctx.db, ctx.actor.userId);
  if (!user || (user.totpEnabledAt === null && user.totpSecret === null)) {
    throw new DomainError('conflict', 'Two-factor authentication is not set up for your account.');
  }
  const settings = await readSettings(ctx.db);
  if (twoFactorRequired(user.role, settings)) {
    throw new DomainError(
      'conflict',
      settings.twoFactorForAll
        ? 'Everyone must use two-factor authentication, so you cannot turn it off.'
        : `${roleNames[user.role]}s must use two-factor authentication, so you cannot turn it off.`,
    );
  }
  const now = ctx.clock.now();
  await requireAuthenticatorCode(ctx, user, input);
  await ctx.db.transaction(async (tx) => {
    await setTotp(tx, user.id, { totpSecret: null, totpEnabledAt: null, totpLastStep: null }, now);
    await deleteRecoveryCodes(tx, user.id);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'user',
        entityId: user.id,
        summary: `${user.displayName} turned off two-factor authentication`,
        oldValues: { twoFactor: user.totpEnabledAt !== null },
        newValues: { twoFactor: false },
      },
    );
  });
}
