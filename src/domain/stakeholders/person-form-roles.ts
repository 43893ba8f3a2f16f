import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { listRoles } from './roles.ts';
import type { RoleRow } from './stakeholders.repo.ts';

/**
 * The controlled list of roles as the page that manages it shows it: for administrators only, who
 * alone may add to it (`stakeholder:retention`). The person form reads the list through
 * `getPersonFormChoices`.
 */
export async function listRolesToManage(ctx: Context): Promise<RoleRow[]> {
  authorize(ctx.actor, 'stakeholder:retention');
  return listRoles(ctx);
}
