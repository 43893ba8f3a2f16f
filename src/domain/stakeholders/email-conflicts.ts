import { inArray } from 'drizzle-orm';
import { people } from '../../db/schema/index.ts';
import type { Context } from '../access/actor.ts';
import type { Action } from '../access/policy.ts';
import { DomainError } from '../shared/errors.ts';
import { peopleByEmails } from './people.repo.ts';
import { boroughsOfPerson, inReach } from './scope.ts';

/**
 * The same normalised e-mail address is the same person, so an address may belong to one record
 * only. The refusal names the other person only to someone who may see them.
 */
export async function refuseEmailsOfOthers(
  ctx: Context,
  action: Action,
  emails: readonly { normalised: string }[],
  personId: string | null,
): Promise<void> {
  const holders = (
    await peopleByEmails(
      ctx.db,
      emails.map((e) => e.normalised),
    )
  ).filter((h) => h.personId !== personId);
  const first = holders[0];
  if (first === undefined) return;
  const visible = inReach(ctx.actor, action, await boroughsOfPerson(ctx.db, first.personId));
  const [other] = visible
    ? await ctx.db
        .select({ fullName: people.fullName })
        .from(people)
        .where(inArray(people.id, [first.personId]))
    : [];
  throw new DomainError('invalid', 'Some details need correcting.', {
    fields: {
      emails: other
        ? `${first.normalised} is already the address of ${other.fullName}; open their record, or merge the two`
        : `${first.normalised} is already the address of another person in the database`,
    },
  });
}
