import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { DomainError } from '../shared/errors.ts';
import { type AreaRecord, selectArea } from './areas.repo.ts';

export const gssCodePattern = /^E09\d{6}$/;

/** One area by its GSS code (upper-cased first, so e09000007 finds Camden). */
export async function getArea(ctx: Context, input: { gssCode: string }): Promise<AreaRecord> {
  authorize(ctx.actor, 'area:read');
  const code = input.gssCode.trim().toUpperCase();
  const area = gssCodePattern.test(code) ? await selectArea(ctx.db, code) : undefined;
  if (!area) throw new DomainError('not_found', `There is no London area with the code ${input.gssCode}.`);
  return area;
}
