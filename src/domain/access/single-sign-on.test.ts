import { describe, expect, it } from 'vitest';
import { accountRefusal, verifiedEmail } from './single-sign-on.ts';

describe('verifiedEmail', () => {
  it.each([
    [{ email: 'Ada@Example.org', email_verified: true }, { email: 'ada@example.org' }],
    [{ email: ' ada@example.org ', email_verified: true }, { email: 'ada@example.org' }],
    [
      { email: 'ada@example.org', email_verified: false },
      { refusal: 'the provider has not verified the email address', email: 'ada@example.org' },
    ],
    [
      { email: 'ada@example.org', email_verified: 'true' },
      { refusal: 'the provider has not verified the email address', email: 'ada@example.org' },
    ],
    [
      { email: 'ada@example.org' },
      { refusal: 'the provider has not verified the email address', email: 'ada@example.org' },
    ],
    [{ email_verified: true }, { refusal: 'the provider gave no email address' }],
    [{ email: 42, email_verified: true }, { refusal: 'the provider gave no email address' }],
    [{ email: 'not an address', email_verified: true }, { refusal: 'the provider gave no email address' }],
    [
      { email: 'ada@example.org\nx', email_verified: true },
      { refusal: 'the provider gave no email address' },
    ],
    [
      { email: `${'a'.repeat(250)}@x.org`, email_verified: true },
      { refusal: 'the provider gave no email address' },
    ],
  ])('%j → %j', (claims, expected) => {
    expect(verifiedEmail(claims)).toEqual(expected);
  });
});

describe('accountRefusal', () => {
  it('lets an active account sign in, and names why any other may not', () => {
    expect(accountRefusal({ disabledAt: null })).toBeUndefined();
    expect(accountRefusal({ disabledAt: new Date('2026-01-01T00:00:00Z') })).toBe('account disabled');
    expect(accountRefusal(undefined)).toBe('no such account');
  });
});
