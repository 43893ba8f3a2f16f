import type { Mailer } from '../../email/mailer.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { revokeTokensOfUser } from './api-tokens.repo.ts';
import { type LinkResult, senderName } from './invite-user.ts';
import { summariseUser } from './list-users.ts';
import { authorize } from './policy.ts';
import { deleteSessionsOfUser } from './sessions.repo.ts';
import { findTargetUser, type UserRef } from './target-user.ts';
import { deliverPasswordLink, issuePasswordLink } from './user-links.ts';
import { clearPassword } from './users.repo.ts';

export type ResetPasswordInput = UserRef & {
  baseUrl: string;
  mailer?: Mailer | undefined;
};

/**
 * An administrator issues a one-time password-reset link, valid for 24 hours, replacing any earlier
 * link. A reset is what one does when an account may be in the wrong hands, so at once every
 * session ends, the old password stops working and every API token is revoked. The link is
 * returned to be shown, and e-mailed when mail is set up.
 */
export async function resetPassword(ctx: Context, input: ResetPasswordInput): Promise<LinkResult> {
  authorize(ctx.actor, 'user:reset-credentials');
  const { user, link } = await ctx.db.transaction(async (tx) => {
    const target = await findTargetUser(tx, input);
    if (target.disabledAt !== null) {
      throw new DomainError('conflict', 'This account is disabled. Enable it before resetting its password.');
    }
    const issued = await issuePasswordLink(tx, {
      userId: target.id,
      purpose: 'password-reset',
      now: ctx.clock.now(),
      baseUrl: input.baseUrl,
    });
    const now = ctx.clock.now();
    const ended = await deleteSessionsOfUser(tx, target.id);
    await clearPassword(tx, target.id, now);
    const revoked = await revokeTokensOfUser(tx, target.id, now);
    const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'created',
        entityType: 'user-link',
        entityId: target.id,
        summary: `Password reset link issued to ${target.displayName}; old password cleared, ${plural(ended, 'session')} ended, ${plural(revoked, 'API token')} revoked`,
        oldValues: { hasPassword: target.passwordHash !== null },
        newValues: {
          purpose: 'password-reset',
          expiresAt: issued.expiresAt.toISOString(),
          hasPassword: false,
          apiTokensRevoked: revoked,
        },
      },
    );
    return { user: target, link: issued };
  });
  const delivery = await deliverPasswordLink(input.mailer, {
    to: user.email,
    displayName: user.displayName,
    invitedBy: senderName(ctx.actor),
    link,
  });
  return { user: summariseUser(user), link, delivery };
}
