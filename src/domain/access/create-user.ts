import { recordAudit } from '../audit/record-audit.ts';
import { selectAreas } from '../geography/areas.repo.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import type { Context } from './actor.ts';
import { hashPassword } from './passwords.ts';
import { authorize } from './policy.ts';
import { boroughsProblem, userAuditSnapshot } from './user-rules.ts';
import { findUserById, insertUser, setUserBoroughs, type UserWithBoroughs } from './users.repo.ts';
import { type NewUser, newUserSchema } from './users.schema.ts';

/** Checks that every code names a London area, and that the role takes boroughs. */
export async function checkBoroughs(
  ctx: Context,
  role: NewUser['role'],
  boroughs: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(boroughs)].sort();
  const known = new Set((await selectAreas(ctx.db)).map((a) => a.gssCode));
  const unknown = unique.filter((code) => !known.has(code));
  const problem =
    unknown.length > 0
      ? `There is no London borough with the code ${unknown.join(', ')}`
      : boroughsProblem(role, unique);
  if (problem) throw new DomainError('invalid', problem, { fields: { boroughs: problem } });
  return unique;
}

/**
 * Creates a user with a role and, for borough roles, their boroughs. Without a password the account
 * cannot be signed in to until its owner sets one through an invitation link (invite-user.ts).
 */
export async function createUser(ctx: Context, input: NewUser): Promise<UserWithBoroughs> {
  authorize(ctx.actor, 'user:create');
  const values = parseInput(newUserSchema, input);
  const boroughs = await checkBoroughs(ctx, values.role, values.boroughs);
  const passwordHash = values.password === undefined ? null : await hashPassword(values.password);
  return ctx.db.transaction(async (tx) => {
    const row = await insertUser(tx, { ...values, passwordHash, now: ctx.clock.now() });
    if (!row) {
      throw new DomainError('conflict', 'A user with that email address already exists.', {
        fields: { email: 'A user with that email address already exists' },
      });
    }
    await setUserBoroughs(tx, row.id, boroughs);
    const created = await findUserById(tx, row.id);
    if (!created) throw new Error('the new user was not found');
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'created',
        entityType: 'user',
        entityId: created.id,
        summary: `User ${created.displayName} created`,
        newValues: userAuditSnapshot(created),
      },
    );
    return created;
  });
}
