import type { Mailer } from '../../email/mailer.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor, Context } from './actor.ts';
import { createUser } from './create-user.ts';
import { summariseUser, type UserSummary } from './list-users.ts';
import { authorize } from './policy.ts';
import { type Delivery, deliverPasswordLink, type IssuedLink, issuePasswordLink } from './user-links.ts';
import type { NewUser } from './users.schema.ts';

export type InviteUserInput = Omit<NewUser, 'password'> & {
  /** The public address of Nonsuch, which the link starts with. */
  baseUrl: string;
  /** Given when SMTP is configured: the invitation is then e-mailed as well as shown. */
  mailer?: Mailer | undefined;
};

export type LinkResult = Readonly<{ user: UserSummary; link: IssuedLink; delivery: Delivery }>;

/** How the sender is named in the e-mail. */
export const senderName = (actor: Actor): string =>
  actor.kind === 'user' ? actor.displayName : 'Your Nonsuch administrator';

/**
 * Creates an account without a password and a one-time link, valid for 7 days, with which its owner
 * chooses one. The link is returned to be shown to the administrator, and e-mailed when mail is set up.
 */
export async function inviteUser(ctx: Context, input: InviteUserInput): Promise<LinkResult> {
  authorize(ctx.actor, 'user:create');
  const { baseUrl, mailer, ...details } = input;
  const { user, link } = await ctx.db.transaction(async (tx) => {
    const inTx = { ...ctx, db: tx };
    const created = await createUser(inTx, { ...details, password: undefined });
    const issued = await issuePasswordLink(tx, {
      userId: created.id,
      purpose: 'invitation',
      now: ctx.clock.now(),
      baseUrl,
    });
    await recordAudit(inTx, {
      action: 'created',
      entityType: 'user-link',
      entityId: created.id,
      summary: `Invitation link issued to ${created.displayName}`,
      newValues: { purpose: 'invitation', expiresAt: issued.expiresAt.toISOString() },
    });
    return { user: created, link: issued };
  });
  const delivery = await deliverPasswordLink(mailer, {
    to: user.email,
    displayName: user.displayName,
    invitedBy: senderName(ctx.actor),
    link,
  });
  return { user: summariseUser(user), link, delivery };
}
