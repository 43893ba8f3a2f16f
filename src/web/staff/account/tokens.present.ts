import type { ApiTokenSummary } from '../../../domain/access/api-tokens.ts';

/** The API tokens page: the tokens still in use, and those revoked. */
export function presentTokens(tokens: readonly ApiTokenSummary[]) {
  return {
    active: tokens.filter((t) => t.revokedAt === null),
    revoked: tokens.filter((t) => t.revokedAt !== null),
  };
}
