import { z } from 'zod';
import { changedValues, recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { type Context, isBoroughScoped } from './actor.ts';
import { checkBoroughs } from './create-user.ts';
import { summariseUser, type UserSummary } from './list-users.ts';
import { authorize } from './policy.ts';
import { deleteSessionsOfUser } from './sessions.repo.ts';
import { findTargetUser, isLastActiveAdministrator, type UserRef } from './target-user.ts';
import { userAuditSnapshot } from './user-rules.ts';
import { findUserById, setUserBoroughs, updateUser as updateUserRow } from './users.repo.ts';
import { boroughCodesSchema, displayNameSchema, roleSchema } from './users.schema.ts';

const changesSchema = z.object({
  displayName: displayNameSchema.optional(),
  role: roleSchema.optional(),
  boroughs: boroughCodesSchema.unwrap().optional(),
});

export type UserChanges = z.input<typeof changesSchema>;

/**
 * Changes a user's name, role or boroughs. A change of role or boroughs is a change of privilege:
 * every session of the user ends, so they sign in again under the new rules. When the role becomes
 * London-wide and no boroughs are given, the boroughs are cleared; Nonsuch is never left without an
 * administrator who can sign in.
 */
export async function updateUser(
  ctx: Context,
  input: UserRef & UserChanges,
): Promise<UserSummary & { sessionsEnded: boolean }> {
  authorize(ctx.actor, 'user:update');
  const changes = parseInput(changesSchema, {
    displayName: input.displayName,
    role: input.role,
    boroughs: input.boroughs,
  });
  return ctx.db.transaction(async (tx) => {
    const inTx = { ...ctx, db: tx };
    const before = await findTargetUser(tx, input);
    const role = changes.role ?? before.role;
    const wanted = changes.boroughs ?? (isBoroughScoped(role) ? before.boroughs : []);
    const boroughs = await checkBoroughs(inTx, role, wanted);
    if (role !== 'administrator' && (await isLastActiveAdministrator(tx, before))) {
      const message = 'Nonsuch needs at least one administrator. Make someone else an administrator first.';
      throw new DomainError('conflict', message, { fields: { role: message } });
    }
    const displayName = changes.displayName ?? before.displayName;
    const privilegeChanged =
      role !== before.role || JSON.stringify(boroughs) !== JSON.stringify(before.boroughs);
    if (!privilegeChanged && displayName === before.displayName) {
      return { ...summariseUser(before), sessionsEnded: false };
    }

    await updateUserRow(tx, before.id, { displayName, role, now: ctx.clock.now() });
    await setUserBoroughs(tx, before.id, boroughs);
    if (privilegeChanged) await deleteSessionsOfUser(tx, before.id);
    const after = await findUserById(tx, before.id);
    if (!after) throw new Error('the updated user was not found');
    await recordAudit(inTx, {
      action: 'updated',
      entityType: 'user',
      entityId: after.id,
      summary: `User ${after.displayName} changed${privilegeChanged ? ' (signed out everywhere)' : ''}`,
      ...changedValues(userAuditSnapshot(before), userAuditSnapshot(after)),
    });
    return { ...summariseUser(after), sessionsEnded: privilegeChanged };
  });
}
