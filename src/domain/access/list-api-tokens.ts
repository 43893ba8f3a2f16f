import type { Context } from './actor.ts';
import { listApiTokensOf } from './api-tokens.repo.ts';
import { type ApiTokenSummary, authorizeTokenOwner, requireUserId, summariseToken } from './api-tokens.ts';

export async function listApiTokens(ctx: Context, input: { userId: string }): Promise<ApiTokenSummary[]> {
  authorizeTokenOwner(ctx.actor, input.userId);
  return (await listApiTokensOf(ctx.db, requireUserId(input.userId))).map(summariseToken);
}
