import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import type { Context } from './actor.ts';
import { hashPassword } from './passwords.ts';
import { authorize } from './policy.ts';
import { insertUser } from './users.repo.ts';
import { type NewUser, newUserSchema } from './users.schema.ts';

export type CreatedUser = Readonly<{ id: string; email: string; displayName: string; role: string }>;

export async function createUser(ctx: Context, input: NewUser): Promise<CreatedUser> {
  authorize(ctx.actor, 'user:create');
  const values = parseInput(newUserSchema, input);
  const passwordHash = await hashPassword(values.password);
  const row = await insertUser(ctx.db, { ...values, passwordHash, now: ctx.clock.now() });
  if (!row) {
    throw new DomainError('conflict', 'A user with that email address already exists.', {
      fields: { email: 'A user with that email address already exists' },
    });
  }
  return { id: row.id, email: row.email, displayName: row.displayName, role: row.role };
}
