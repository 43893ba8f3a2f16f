import type { OutgoingMessage } from '../mailer.ts';

/** A message that proves the mail settings work. Pure: data in, message out. */
export function testMessage(input: { to: string; publicUrl: string; sentAt: Date }): OutgoingMessage {
  const when = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(input.sentAt);
  const text = [
    'This is a test message from Nonsuch.',
    '',
    `It was sent on ${when} to check that Nonsuch can deliver e-mail.`,
    `Nonsuch is at ${input.publicUrl}`,
    '',
    'You do not need to do anything.',
  ].join('\n');
  const escapeHtml = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const html =
    '<!doctype html><html lang="en"><body style="font-family: system-ui, sans-serif; line-height: 1.5">' +
    '<p>This is a test message from Nonsuch.</p>' +
    `<p>It was sent on ${escapeHtml(when)} to check that Nonsuch can deliver e-mail.</p>` +
    `<p>Nonsuch is at <a href="${escapeHtml(input.publicUrl)}">${escapeHtml(input.publicUrl)}</a></p>` +
    '<p>You do not need to do anything.</p></body></html>';
  return { to: input.to, subject: 'Nonsuch test message', text, html };
}
