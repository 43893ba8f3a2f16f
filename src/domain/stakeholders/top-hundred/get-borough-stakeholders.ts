import type { Context } from '../../access/actor.ts';
import { can } from '../../access/policy.ts';
import { countBoroughPeople, countTopHundred } from './top-hundred.repo.ts';

export type BoroughStakeholders = Readonly<{ people: number; topHundred: number }>;

/**
 * For a borough's page: how many people cover the borough and how many are on its top 100, or
 * undefined when the reader may not see its stakeholders (the page then leaves the section out).
 * The borough itself is checked by the page's own use case.
 */
export async function getBoroughStakeholders(
  ctx: Context,
  areaCode: string,
): Promise<BoroughStakeholders | undefined> {
  if (!can(ctx.actor, 'stakeholder:read', { areaCode })) return undefined;
  return {
    people: await countBoroughPeople(ctx.db, areaCode),
    topHundred: await countTopHundred(ctx.db, areaCode),
  };
}
