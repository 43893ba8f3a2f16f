import type { Context } from '../../access/actor.ts';
import { type Action, authorizeInBorough } from '../../access/policy.ts';
import { type AreaRecord, selectArea } from '../../geography/areas.repo.ts';
import { gssCodePattern } from '../../geography/get-area.ts';
import { DomainError } from '../../shared/errors.ts';

/**
 * The borough whose stakeholders (top 100, grid, coverage) are asked for. A role without the
 * action is refused; a borough outside the actor's reach answers exactly as an unknown code does.
 */
export async function loadStakeholderBorough(
  ctx: Context,
  areaCode: string,
  action: Action,
): Promise<AreaRecord> {
  const code = areaCode.trim().toUpperCase();
  const message = `There is no London area with the code ${areaCode}.`;
  authorizeInBorough(ctx.actor, action, code, message);
  const area = gssCodePattern.test(code) ? await selectArea(ctx.db, code) : undefined;
  if (!area) throw new DomainError('not_found', message);
  return area;
}
