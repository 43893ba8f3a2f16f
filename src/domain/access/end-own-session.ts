import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { ownAccountActor } from './own-account.ts';
import { deleteSessionOfUser } from './sessions.repo.ts';

const uuid = z.uuid();

/** Ends one of the person's own sessions by its public id (a lost phone, a shared computer). */
export async function endOwnSession(ctx: Context, input: { id: string }): Promise<{ id: string }> {
  const actor = ownAccountActor(ctx);
  const notFound = new DomainError('not_found', 'That session has already ended.');
  if (!uuid.safeParse(input.id).success) throw notFound;
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteSessionOfUser(tx, actor.userId, input.id))) throw notFound;
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'signed-out',
        entityType: 'session',
        entityId: actor.userId,
        summary: `${actor.displayName} ended one of their sessions`,
        oldValues: { session: input.id },
      },
    );
  });
  return { id: input.id };
}
