import { describe, expect, it } from 'vitest';
import { invitationMessage, passwordLinkMessage, passwordResetMessage } from './invitation.ts';

const data = {
  to: 'new.person@example.org',
  displayName: 'Nia <Newcomer>',
  invitedBy: 'Ada Administrator',
  url: 'https://engagement.example.org/set-password/abc_DEF-123',
  expiresAt: new Date('2026-11-29T09:00:00Z'),
};

describe('the invitation and password-reset messages', () => {
  it('carry the link, who sent it and when it expires in London time', () => {
    const m = invitationMessage(data);
    expect(m.to).toBe('new.person@example.org');
    expect(m.subject).toBe('You have been invited to Nonsuch');
    expect(m.text).toContain('Ada Administrator has given you an account');
    expect(m.text).toContain(data.url);
    expect(m.text).toContain('until 29 November 2026 at 09:00');
    expect(m.html).toContain(`<a href="${data.url}">`);
  });

  it('escape what they put into HTML', () => {
    const m = invitationMessage(data);
    expect(m.html).not.toContain('<Newcomer>');
    expect(m.html).toContain('Nia &lt;Newcomer&gt;');
    expect(m.text).toContain('Dear Nia <Newcomer>,');
  });

  it('say a reset is a reset', () => {
    const m = passwordResetMessage({ ...data, expiresAt: new Date('2026-07-01T12:00:00Z') });
    expect(m.subject).toBe('Reset your Nonsuch password');
    expect(m.text).toContain('until 1 July 2026 at 13:00');
    expect(passwordLinkMessage({ ...data, purpose: 'password-reset' }).subject).toBe(m.subject);
    expect(passwordLinkMessage({ ...data, purpose: 'invitation' }).subject).toBe(
      invitationMessage(data).subject,
    );
  });
});
