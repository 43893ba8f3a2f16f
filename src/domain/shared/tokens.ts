import { createHash, randomBytes } from 'node:crypto';

/** 256-bit random secrets, shown once and stored only as their SHA-256 digest. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
