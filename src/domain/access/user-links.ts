import type { Db } from '../../db/connect.ts';
import type { Mailer } from '../../email/mailer.ts';
import { passwordLinkMessage } from '../../email/templates/invitation.ts';
import { digest, newSecret } from '../shared/tokens.ts';
import {
  deleteUnusedLinksOfUser,
  insertUserLink,
  type LinkPurpose,
  type UserLinkRow,
} from './user-links.repo.ts';

/** How long a one-time link works: a week to accept an invitation, a day to use a password reset. */
export const linkLifetimeHours: Readonly<Record<LinkPurpose, number>> = {
  invitation: 7 * 24,
  'password-reset': 24,
};

/** The address a person opens to choose a password. The base is the configured public URL, never a request's Host. */
export const passwordLinkUrl = (baseUrl: string, token: string): string =>
  `${baseUrl.replace(/\/$/, '')}/set-password/${token}`;

export type LinkState = 'valid' | 'used' | 'expired';

/** Pure: whether a one-time link can still be used. */
export function linkState(link: Pick<UserLinkRow, 'usedAt' | 'expiresAt'>, now: Date): LinkState {
  if (link.usedAt !== null) return 'used';
  if (now >= link.expiresAt) return 'expired';
  return 'valid';
}

/** Whether the link was e-mailed: only when SMTP is configured; the administrator always sees it too. */
export type Delivery = 'sent' | 'failed' | 'not-configured';

export type IssuedLink = Readonly<{ url: string; expiresAt: Date; purpose: LinkPurpose }>;

/**
 * Creates a one-time link for the user, replacing any earlier unused one. Only the digest of the
 * token is stored; the URL is returned to be shown once. Runs inside the caller's transaction.
 */
export async function issuePasswordLink(
  db: Db,
  input: { userId: string; purpose: LinkPurpose; now: Date; baseUrl: string },
): Promise<IssuedLink> {
  const token = newSecret();
  const expiresAt = new Date(input.now.getTime() + linkLifetimeHours[input.purpose] * 3_600_000);
  await deleteUnusedLinksOfUser(db, input.userId);
  await insertUserLink(db, {
    tokenHash: digest(token),
    userId: input.userId,
    purpose: input.purpose,
    now: input.now,
    expiresAt,
  });
  return { url: passwordLinkUrl(input.baseUrl, token), expiresAt, purpose: input.purpose };
}

/** E-mails the link when a mailer is given. A failure is reported, not thrown: the link is on screen anyway. */
export async function deliverPasswordLink(
  mailer: Mailer | undefined,
  input: { to: string; displayName: string; invitedBy: string; link: IssuedLink },
): Promise<Delivery> {
  if (!mailer) return 'not-configured';
  try {
    await mailer.send(
      passwordLinkMessage({
        to: input.to,
        displayName: input.displayName,
        invitedBy: input.invitedBy,
        url: input.link.url,
        purpose: input.link.purpose,
        expiresAt: input.link.expiresAt,
      }),
    );
    return 'sent';
  } catch {
    return 'failed';
  }
}
