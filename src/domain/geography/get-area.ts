import type { Context } from '../access/actor.ts';
import { authorizeInBorough } from '../access/policy.ts';
import { DomainError } from '../shared/errors.ts';
import { type AreaRecord, selectArea } from './areas.repo.ts';

export const gssCodePattern = /^E09\d{6}$/;

/**
 * One area by its GSS code (upper-cased first, so e09000007 finds Camden). A borough outside the
 * actor's boroughs answers exactly as a missing one does.
 */
export async function getArea(ctx: Context, input: { gssCode: string }): Promise<AreaRecord> {
  const code = input.gssCode.trim().toUpperCase();
  const message = `There is no London area with the code ${input.gssCode}.`;
  authorizeInBorough(ctx.actor, 'area:read', code, message);
  const area = gssCodePattern.test(code) ? await selectArea(ctx.db, code) : undefined;
  if (!area) throw new DomainError('not_found', message);
  return area;
}
