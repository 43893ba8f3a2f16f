import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { insertApiToken } from './api-tokens.repo.ts';
import {
  authorizeTokenOwner,
  newTokenSecret,
  parseTokenName,
  requireUserId,
  tokenDigest,
  tokenHint,
} from './api-tokens.ts';
import { findUserById } from './users.repo.ts';

export type CreatedApiToken = Readonly<{ id: string; name: string; token: string; userId: string }>;

/** Creates a personal access token for a user. The secret is returned once and never stored. */
export async function createApiToken(
  ctx: Context,
  input: { userId: string; name: string },
): Promise<CreatedApiToken> {
  authorizeTokenOwner(ctx.actor, input.userId);
  const name = parseTokenName(input);
  const user = await findUserById(ctx.db, requireUserId(input.userId));
  if (!user) throw new DomainError('not_found', 'No such user.');
  if (user.disabledAt !== null) throw new DomainError('conflict', 'That user is disabled.');
  const token = newTokenSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const created = await insertApiToken(tx, {
      userId: user.id,
      name,
      tokenHash: tokenDigest(token),
      hint: tokenHint(token),
      now: ctx.clock.now(),
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'created',
        entityType: 'api-token',
        entityId: created.id,
        summary: `API token “${name}” created for ${user.displayName}`,
        newValues: { name, hint: created.hint, owner: user.displayName },
      },
    );
    return created;
  });
  return { id: row.id, name: row.name, token, userId: user.id };
}
