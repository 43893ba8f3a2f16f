import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { authorize } from './policy.ts';
import { twoFactorRequired } from './session.ts';
import { readSettings } from './settings.repo.ts';
import { countUnusedRecoveryCodes } from './two-factor.repo.ts';
import { findUserById } from './users.repo.ts';

export type TwoFactorStatus = Readonly<{
  enabled: boolean;
  enabledAt: Date | null;
  /** Whether the person's role, or the setting for everyone, requires it (so it cannot be turned off). */
  required: boolean;
  /** What requires it: the role comes first, as it holds whatever the setting says. */
  requiredBy: 'role' | 'setting' | null;
  recoveryCodesLeft: number;
}>;

/** Where one's own two-factor authentication stands. */
export async function getTwoFactorStatus(ctx: Context): Promise<TwoFactorStatus> {
  authorize(ctx.actor, 'account:manage-own');
  if (ctx.actor.kind !== 'user') throw new DomainError('forbidden', 'You do not have permission to do that.');
  const user = await findUserById(ctx.db, ctx.actor.userId);
  if (!user) throw new DomainError('unauthenticated', 'Sign in again to carry on.');
  const settings = await readSettings(ctx.db);
  const requiredBy = twoFactorRequired(user.role, { twoFactorForAll: false })
    ? 'role'
    : twoFactorRequired(user.role, settings)
      ? 'setting'
      : null;
  return {
    enabled: user.totpEnabledAt !== null,
    enabledAt: user.totpEnabledAt,
    required: requiredBy !== null,
    requiredBy,
    recoveryCodesLeft: user.totpEnabledAt === null ? 0 : await countUnusedRecoveryCodes(ctx.db, user.id),
  };
}
