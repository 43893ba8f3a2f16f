import type { ApiTokenSummary } from '../../../domain/access/api-tokens.ts';

/** The API tokens page: the tokens still in use, and those revoked, named field by field. */
export function presentTokens(tokens: readonly ApiTokenSummary[]) {
  const row = (t: ApiTokenSummary) => ({
    id: t.id,
    name: t.name,
    hint: t.hint,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
  });
  return {
    active: tokens.filter((t) => t.revokedAt === null).map(row),
    revoked: tokens.filter((t) => t.revokedAt !== null).map(row),
  };
}
