import type { Context } from './actor.ts';
import { listAllApiTokens as selectAllApiTokens } from './api-tokens.repo.ts';
import { type ApiTokenSummary, summariseToken } from './api-tokens.ts';
import { authorize } from './policy.ts';

/** A token with the person it acts as: never its secret or digest. */
export type ApiTokenWithOwnerSummary = ApiTokenSummary &
  Readonly<{ owner: Readonly<{ id: string; displayName: string; email: string }> }>;

/** Every API token of every user, for administrators: live ones first, newest first. */
export async function listAllApiTokens(ctx: Context): Promise<ApiTokenWithOwnerSummary[]> {
  authorize(ctx.actor, 'token:manage-any');
  return (await selectAllApiTokens(ctx.db)).map(({ token, owner }) => ({
    ...summariseToken(token),
    owner: { id: owner.id, displayName: owner.displayName, email: owner.email },
  }));
}
