import { z } from 'zod';
import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput, singleLine } from '../shared/validation.ts';
import { insertRole, type RoleRow, selectRoles } from './stakeholders.repo.ts';

/** The controlled list of stakeholder roles: the strategy's, and those an administrator adds. */

export async function listRoles(ctx: Context): Promise<RoleRow[]> {
  if (ctx.actor.kind === 'anonymous') throw new DomainError('unauthenticated', 'Sign in to continue.');
  return selectRoles(ctx.db);
}

const roleSchema = z.object({
  label: singleLine(
    {
      required: 'Enter the role’s name',
      tooLong: 'The role’s name must be 80 characters or fewer',
      invalid: 'The role’s name must be plain text',
    },
    80,
  ),
});

/** The slug a role is stored under: lower case letters and digits joined by hyphens. */
export const roleSlug = (label: string): string =>
  label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

export async function addRole(ctx: Context, input: { label?: unknown }): Promise<RoleRow> {
  authorize(ctx.actor, 'stakeholder:retention');
  const { label } = parseInput(roleSchema, input);
  const id = roleSlug(label);
  const taken = (await selectRoles(ctx.db)).find(
    (r) => r.id === id || r.label.toLowerCase() === label.toLowerCase(),
  );
  if (id === '' || taken) {
    throw new DomainError('invalid', 'Some details need correcting.', {
      fields: {
        label:
          id === '' ? 'The role’s name needs letters or digits' : `“${taken?.label}” is already on the list`,
      },
    });
  }
  return ctx.db.transaction(async (tx) => {
    const row = await insertRole(tx, { id, label }, ctx.clock.now());
    if (!row) throw new DomainError('conflict', `“${label}” is already on the list`);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'created',
        entityType: 'stakeholder-role',
        entityId: id,
        summary: `Stakeholder role “${label}” added`,
        newValues: { label },
      },
    );
    return row;
  });
}
