import { randomInt, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import { digest } from '../shared/tokens.ts';

/**
 * Pure rules for two-factor authentication: time-based one-time passwords (RFC 6238 with SHA-1,
 * 6 digits, 30-second steps, as every authenticator app understands them) and recovery codes.
 */

export const totpSettings = { issuer: 'Nonsuch', algorithm: 'SHA1', digits: 6, period: 30 } as const;

/** Codes from the step before or after the current one are accepted too, for clocks a little out. */
export const totpWindow = 1;

/** A new shared secret: 160 random bits (the size RFC 4226 recommends for SHA-1), in base32. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The `otpauth://` address an authenticator app reads from the QR code. */
export function totpUri(secret: string, email: string): string {
  return new TOTP({
    issuer: totpSettings.issuer,
    label: email,
    secret: Secret.fromBase32(secret),
    algorithm: totpSettings.algorithm,
    digits: totpSettings.digits,
    period: totpSettings.period,
  }).toString();
}

/** The time step a moment falls in. */
export const totpStep = (at: Date): number => Math.floor(at.getTime() / 1000 / totpSettings.period);

/** The code for a moment (what the person's app shows then); `digits` only for the RFC's test vectors. */
export function totpCode(secret: string, at: Date, digits: number = totpSettings.digits): string {
  return HOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: totpSettings.algorithm,
    digits,
    counter: totpStep(at),
  });
}

/** What people type: spaces and hyphens are ignored ("123 456" is 123456). */
export const normaliseCode = (code: string): string => code.replace(/[\s-]/g, '').toLowerCase();

const sameText = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Checks a code against the secret at `at`, within the window. Returns the step it belongs to, or
 * null. Steps at or before `lastStep` are refused, so a code that has been used once never works
 * again (nor does an older one).
 */
export function verifyTotp(secret: string, code: string, at: Date, lastStep: number | null): number | null {
  const typed = normaliseCode(code);
  if (!/^\d+$/.test(typed) || typed.length !== totpSettings.digits) return null;
  const current = totpStep(at);
  for (let step = current - totpWindow; step <= current + totpWindow; step++) {
    if (lastStep !== null && step <= lastStep) continue;
    const expected = HOTP.generate({
      secret: Secret.fromBase32(secret),
      algorithm: totpSettings.algorithm,
      digits: totpSettings.digits,
      counter: step,
    });
    if (sameText(typed, expected)) return step;
  }
  return null;
}

/** How many recovery codes a person gets at a time. */
export const recoveryCodeCount = 10;

// Lower-case letters and digits without the look-alikes 0, o, 1, l and i.
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** One recovery code: 16 characters (about 79 random bits) in four groups, like `k7pq-m2xr-9fdw-hc4t`. */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export const newRecoveryCodes = (): string[] => Array.from({ length: recoveryCodeCount }, newRecoveryCode);

/** Only this digest is stored; the code is typed in any case, with or without the hyphens. */
export const recoveryCodeDigest = (code: string): string => digest(`recovery:${normaliseCode(code)}`);

/** Whether what was typed could be a recovery code at all (checked before the database is asked). */
export const looksLikeRecoveryCode = (code: string): boolean =>
  new RegExp(`^[${alphabet}]{16}$`).test(normaliseCode(code));
