import type { OutgoingMessage } from '../mailer.ts';

/**
 * The invitation to Nonsuch, and the password reset: each carries a one-time link to choose a
 * password. Pure: data in, message out.
 */
export type PasswordLinkData = Readonly<{
  to: string;
  displayName: string;
  /** The administrator (or the command line) who sent it. */
  invitedBy: string;
  url: string;
  expiresAt: Date;
}>;

const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'long',
  timeStyle: 'short',
});

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function message(
  data: PasswordLinkData,
  subject: string,
  opening: string,
  action: string,
  closing: string,
): OutgoingMessage {
  const until = londonDateTime.format(data.expiresAt);
  const text = [
    `Dear ${data.displayName},`,
    '',
    opening,
    '',
    `${action}:`,
    data.url,
    '',
    `The link works once, until ${until}.`,
    closing,
  ].join('\n');
  const html =
    '<!doctype html><html lang="en"><body style="font-family: system-ui, sans-serif; line-height: 1.5">' +
    `<p>Dear ${escapeHtml(data.displayName)},</p>` +
    `<p>${escapeHtml(opening)}</p>` +
    `<p>${escapeHtml(action)}:<br><a href="${escapeHtml(data.url)}">${escapeHtml(data.url)}</a></p>` +
    `<p>The link works once, until ${escapeHtml(until)}.</p>` +
    `<p>${escapeHtml(closing)}</p></body></html>`;
  return { to: data.to, subject, text, html };
}

export const invitationMessage = (data: PasswordLinkData): OutgoingMessage =>
  message(
    data,
    'You have been invited to Nonsuch',
    `${data.invitedBy} has given you an account on Nonsuch, the estate engagement manager. You sign in with this email address.`,
    'Choose your password to start using it',
    'If you did not expect this invitation, you can ignore this email.',
  );

export const passwordResetMessage = (data: PasswordLinkData): OutgoingMessage =>
  message(
    data,
    'Reset your Nonsuch password',
    `${data.invitedBy} has reset your password on Nonsuch. You have been signed out everywhere.`,
    'Choose a new password',
    'If you did not ask for this, tell your Nonsuch administrator.',
  );

export const passwordLinkMessage = (
  data: PasswordLinkData & { purpose: 'invitation' | 'password-reset' },
): OutgoingMessage => (data.purpose === 'invitation' ? invitationMessage(data) : passwordResetMessage(data));
