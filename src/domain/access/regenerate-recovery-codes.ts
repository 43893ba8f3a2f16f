import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { requireAuthenticatorCode } from './authenticator-code.ts';
import { authorize } from './policy.ts';
import { replaceRecoveryCodes } from './two-factor.repo.ts';
import { newRecoveryCodes, recoveryCodeDigest } from './two-factor.ts';
import { findUserById } from './users.repo.ts';

/**
 * New recovery codes for one's own account, given a current code from the authenticator app: the
 * old ones stop working. The new ones are shown once.
 */
export async function regenerateRecoveryCodes(
  ctx: Context,
  input: { code?: string | undefined },
): Promise<{ recoveryCodes: string[] }> {
  authorize(ctx.actor, 'account:manage-own');
  if (ctx.actor.kind !== 'user') throw new DomainError('forbidden', 'You do not have permission to do that.');
  const actor = ctx.actor;
  const user = await findUserById(ctx.db, actor.userId);
  if (!user || user.totpEnabledAt === null) {
    throw new DomainError('conflict', 'Set up two-factor authentication before making recovery codes.');
  }
  const recoveryCodes = newRecoveryCodes();
  await requireAuthenticatorCode(ctx, user, input);
  await ctx.db.transaction(async (tx) => {
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map(recoveryCodeDigest), ctx.clock.now());
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'user',
        entityId: user.id,
        summary: `${user.displayName} made new recovery codes (the old ones no longer work)`,
      },
    );
  });
  return { recoveryCodes };
}
