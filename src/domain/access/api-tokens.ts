import { z } from 'zod';
import { DomainError } from '../shared/errors.ts';
import { digest, newSecret } from '../shared/tokens.ts';
import { parseInput, singleLine } from '../shared/validation.ts';
import type { Actor, Context } from './actor.ts';
import type { ApiTokenRow } from './api-tokens.repo.ts';
import { authorize, can } from './policy.ts';

/** Personal access tokens: `nst_` followed by 256 random bits, shown once, stored as a digest. */
export const tokenPrefix = 'nst_';

export const tokenNameSchema = z.object({
  name: singleLine(
    {
      required: 'Enter a name for the token',
      tooLong: 'Name must be 80 characters or fewer',
      invalid: 'Name must contain only letters, numbers, spaces and punctuation',
    },
    80,
  ),
});

export const newTokenSecret = (): string => newSecret(tokenPrefix);
export const tokenHint = (secret: string): string => secret.slice(0, tokenPrefix.length + 6);
export { digest as tokenDigest };

const uuid = z.uuid();

/** The owner of tokens, by id; an id that cannot exist is simply not found. */
export function requireUserId(userId: string): string {
  if (!uuid.safeParse(userId).success) throw new DomainError('not_found', 'No such user.');
  return userId;
}

/**
 * Acting on one's own tokens needs `token:manage-own`; on someone else's, `token:manage-any`.
 * Someone who may not see another person's tokens is told there is no such token, not refused, so
 * the answer does not reveal that it exists.
 */
export function authorizeTokenOwner(actor: Actor, ownerId: string): void {
  const own = actor.kind === 'user' && actor.userId === ownerId;
  if (!own && actor.kind !== 'anonymous' && !can(actor, 'token:manage-any')) throw notFound();
  authorize(actor, own ? 'token:manage-own' : 'token:manage-any');
}

export type ApiTokenSummary = Readonly<{
  id: string;
  name: string;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}>;

export const summariseToken = (t: ApiTokenRow): ApiTokenSummary => ({
  id: t.id,
  name: t.name,
  hint: t.hint,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});

export function parseTokenName(input: unknown): string {
  return parseInput(tokenNameSchema, input).name;
}

export const notFound = () => new DomainError('not_found', 'No such token.');

export type { Context };
