import { describe, expect, it } from 'vitest';
import {
  looksLikeRecoveryCode,
  newRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normaliseCode,
  recoveryCodeDigest,
  totpCode,
  totpStep,
  totpUri,
  verifyTotp,
} from './two-factor.ts';

/** RFC 6238 appendix B, SHA-1: the ASCII secret "12345678901234567890", here in base32. */
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP (RFC 6238 test vectors, SHA-1)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('T = %i gives %s with 8 digits, and its last 6 digits with 6', (seconds, eight) => {
    expect(totpCode(rfcSecret, at(seconds), 8)).toBe(eight);
    expect(totpCode(rfcSecret, at(seconds))).toBe(eight.slice(2));
  });

  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('accepts the 6-digit code %s at T = %i and returns its step', (seconds, code) => {
    expect(verifyTotp(rfcSecret, code, at(seconds), null)).toBe(Math.floor(seconds / 30));
  });
});

describe('verifyTotp', () => {
  const now = at(1_800_000_015);
  const step = totpStep(now);
  const codeAt = (offsetSteps: number) => totpCode(rfcSecret, at(1_800_000_015 + offsetSteps * 30));

  it.each([
    ['the previous step', -1, step - 1],
    ['the current step', 0, step],
    ['the next step', 1, step + 1],
  ])('accepts a code from %s', (_name, offset, expected) => {
    expect(verifyTotp(rfcSecret, codeAt(offset), now, null)).toBe(expected);
  });

  it.each([
    ['two steps back', -2],
    ['two steps ahead', 2],
    ['ten steps back', -10],
  ])('refuses a code from %s', (_name, offset) => {
    expect(verifyTotp(rfcSecret, codeAt(offset), now, null)).toBeNull();
  });

  it('refuses a code whose step was already used, and any older one', () => {
    expect(verifyTotp(rfcSecret, codeAt(0), now, step)).toBeNull();
    expect(verifyTotp(rfcSecret, codeAt(-1), now, step)).toBeNull();
    expect(verifyTotp(rfcSecret, codeAt(1), now, step)).toBe(step + 1);
  });

  it.each([
    ['with a space', (c: string) => `${c.slice(0, 3)} ${c.slice(3)}`, true],
    ['with surrounding spaces', (c: string) => ` ${c} `, true],
    ['with a hyphen', (c: string) => `${c.slice(0, 3)}-${c.slice(3)}`, true],
    ['with a digit missing', (c: string) => c.slice(1), false],
    ['with a digit too many', (c: string) => `${c}0`, false],
    ['with a letter', (c: string) => `${c.slice(1)}a`, false],
    ['empty', () => '', false],
  ])('reads a code typed %s', (_name, typed, accepted) => {
    expect(verifyTotp(rfcSecret, typed(codeAt(0)), now, null) !== null).toBe(accepted);
  });

  it('refuses the right code for another secret', () => {
    expect(verifyTotp(newTotpSecret(), codeAt(0), now, null)).toBeNull();
  });
});

describe('secrets and the otpauth address', () => {
  it('makes a 160-bit base32 secret, different each time', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
  });

  it('names Nonsuch and the email address, with SHA-1, 6 digits and 30 seconds', () => {
    const uri = new URL(totpUri(rfcSecret, 'ada@nonsuch.example'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Nonsuch:ada@nonsuch.example');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: 'Nonsuch',
      secret: rfcSecret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});

describe('recovery codes', () => {
  it('makes ten different codes in four groups of four', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
      expect(looksLikeRecoveryCode(code)).toBe(true);
    }
  });

  it('stores the same digest however the code is typed', () => {
    const code = newRecoveryCode();
    const d = recoveryCodeDigest(code);
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(recoveryCodeDigest(code.toUpperCase())).toBe(d);
    expect(recoveryCodeDigest(code.replaceAll('-', ''))).toBe(d);
    expect(recoveryCodeDigest(` ${code.replaceAll('-', ' ')} `)).toBe(d);
    expect(recoveryCodeDigest(newRecoveryCode())).not.toBe(d);
  });

  it.each([
    ['a six-digit code', '123456', false],
    ['too short', 'abcd-efgh-jkmn', false],
    ['with a look-alike letter', 'abcd-efgh-jkmn-pqro', false],
    ['typed in capitals', 'ABCD-EFGH-JKMN-PQRS', true],
  ])('knows %s from a recovery code', (_name, code, expected) => {
    expect(looksLikeRecoveryCode(code)).toBe(expected);
  });

  it('ignores spaces and hyphens and case when reading codes', () => {
    expect(normaliseCode(' AB-cd 12 ')).toBe('abcd12');
  });
});
