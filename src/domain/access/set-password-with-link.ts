import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { digest } from '../shared/tokens.ts';
import { parseInput } from '../shared/validation.ts';
import type { Context } from './actor.ts';
import { hashPassword } from './passwords.ts';
import { deleteSessionsOfUser } from './sessions.repo.ts';
import { findUserLink, markUserLinkUsed } from './user-links.repo.ts';
import { linkState } from './user-links.ts';
import { actorOf, findUserById, setPasswordHash } from './users.repo.ts';
import { passwordSchema } from './users.schema.ts';

const newPasswordSchema = z
  .object({
    password: passwordSchema,
    confirmPassword: z.string({ error: 'Enter the password again' }),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  });

export type SetPasswordWithLinkInput = Readonly<{ token: string; password: string; confirmPassword: string }>;

/** The link cannot be used: it is unknown, used, expired, or its account is disabled. */
export class LinkNotUsable extends DomainError {
  constructor() {
    super('not_found', 'This link has already been used or has expired.');
    this.name = 'LinkNotUsable';
  }
}

/**
 * Sets a password through an invitation or password-reset link. The link works once; every session
 * the person had is ended. The change is recorded as made by the person themself.
 */
export async function setPasswordWithLink(
  ctx: Context,
  input: SetPasswordWithLinkInput,
): Promise<{ userId: string; email: string }> {
  const tokenHash = digest(input.token);
  const link = await findUserLink(ctx.db, tokenHash);
  if (!link || linkState(link, ctx.clock.now()) !== 'valid') throw new LinkNotUsable();
  const { password } = parseInput(newPasswordSchema, input);
  const passwordHash = await hashPassword(password);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const user = await findUserById(tx, link.userId);
    if (!user || user.disabledAt !== null) throw new LinkNotUsable();
    if (!(await markUserLinkUsed(tx, tokenHash, now))) throw new LinkNotUsable();
    await setPasswordHash(tx, user.id, passwordHash, now);
    await deleteSessionsOfUser(tx, user.id);
    await recordAudit(
      { ...ctx, db: tx },
      {
        actor: actorOf(user),
        action: 'updated',
        entityType: 'user',
        entityId: user.id,
        summary:
          link.purpose === 'invitation'
            ? `${user.displayName} accepted the invitation and chose a password`
            : `${user.displayName} set a new password with a reset link`,
        oldValues: { passwordSet: user.passwordHash !== null },
        newValues: { passwordSet: true, passwordChangedAt: now.toISOString() },
      },
    );
    return { userId: user.id, email: user.email };
  });
}
