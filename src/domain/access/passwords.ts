import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** argon2id with the OWASP-recommended minimum cost (19 MiB, 2 passes). */
const options = {
  algorithm: 2 /* Algorithm.Argon2id: a const enum, unreachable under type stripping */,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const passwordRules = { minLength: 12, maxLength: 256 } as const;

/** Commonly used passwords (the zxcvbn-ts list of about 49,000), compared without case and spaces. */
const fold = (password: string): string => password.toLowerCase().replace(/\s+/g, '');
const commonPasswords: ReadonlySet<string> = new Set((dictionary['passwords-common'] as string[]).map(fold));

export const isCommonPassword = (password: string): boolean => commonPasswords.has(fold(password));

/** Returns the problem with a candidate password, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < passwordRules.minLength) {
    return `Password must be at least ${passwordRules.minLength} characters`;
  }
  if (password.length > passwordRules.maxLength) {
    return `Password must be ${passwordRules.maxLength} characters or fewer`;
  }
  if (isCommonPassword(password)) {
    return 'That password is commonly used and easy to guess. Choose a different one, for example three or four unrelated words';
  }
  return undefined;
}

export const hashPassword = (password: string): Promise<string> => hash(password, options);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when no account matches, so a wrong e-mail costs as long as a wrong password. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => {
  decoy ??= hashPassword('not-a-real-password-for-timing-only');
  return decoy;
};
