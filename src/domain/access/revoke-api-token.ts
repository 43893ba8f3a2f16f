import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
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
  if (token.revokedAt !== null) return { id: token.id };
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await markTokenRevoked(tx, token.id, now);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'api-token',
        entityId: token.id,
        summary: `API token “${token.name}” revoked`,
        oldValues: { revokedAt: null },
        newValues: { revokedAt: now.toISOString() },
      },
    );
  });
  return { id: token.id };
}
