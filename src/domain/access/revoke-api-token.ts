import { z } from 'zod';
import type { Context } from './actor.ts';
import { findApiToken, markTokenRevoked } from './api-tokens.repo.ts';
import { authorizeTokenOwner, notFound } from './api-tokens.ts';

const idSchema = z.uuid();

/** Revoking is immediate and idempotent; the record stays so its history can be read. */
export async function revokeApiToken(ctx: Context, input: { id: string }): Promise<{ id: string }> {
  if (!idSchema.safeParse(input.id).success) throw notFound();
  const token = await findApiToken(ctx.db, input.id);
  if (!token) throw notFound();
  authorizeTokenOwner(ctx.actor, token.userId);
  await markTokenRevoked(ctx.db, token.id, ctx.clock.now());
  return { id: token.id };
}
