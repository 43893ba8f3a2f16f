import type { Context } from '../../access/actor.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { DomainError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import type { TopHundredChange } from './add-to-top-hundred.ts';
import { loadStakeholderBorough } from './stakeholder-borough.ts';
import { lockTopHundred, selectListedPerson, selectRankedIds, writeRanks } from './top-hundred.repo.ts';
import { moveTo, parseMove, targetRank } from './top-hundred.ts';

/** Said when the person is not (or no longer) on the list: it names no one, so ids cannot be probed. */
export const notListed = (areaName: string): string =>
  `That person is not on ${areaName}’s top 100: someone may have removed them a moment ago`;

/**
 * Moves a person on a borough's top 100 one place up or down, or to a rank; those in between shift
 * by one place. Moving the first up or the last down changes nothing.
 */
export async function moveInTopHundred(
  ctx: Context,
  input: { areaCode: string; personId: string; to: string },
): Promise<TopHundredChange> {
  const area = await loadStakeholderBorough(ctx, input.areaCode, 'stakeholder:edit');
  const move = parseMove(input.to);
  if (move === undefined) {
    const message =
      input.to.trim() === '' ? 'Enter the new rank' : 'Enter the new rank as a whole number, like 3';
    throw new DomainError('invalid', message, { fields: { to: message } });
  }
  if (!isUuid(input.personId)) throw new DomainError('conflict', notListed(area.name));
  const personId = input.personId.toLowerCase();
  return ctx.db.transaction(async (tx) => {
    await lockTopHundred(tx, area.gssCode);
    const order = await selectRankedIds(tx, area.gssCode);
    const from = order.indexOf(personId) + 1;
    const person = from > 0 ? await selectListedPerson(tx, personId, area.gssCode) : undefined;
    if (!person) throw new DomainError('conflict', notListed(area.name));
    const target = targetRank(move, from, order.length);
    if (!target.ok) {
      throw new DomainError('invalid', target.message, { fields: { to: target.message } });
    }
    if (target.rank !== from) {
      await writeRanks(tx, area.gssCode, moveTo(order, personId, target.rank));
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: 'updated',
          entityType: 'top-hundred',
          entityId: personId,
          areaCode: area.gssCode,
          summary: `${person.fullName} moved from number ${from} to number ${target.rank} on ${area.name}’s top 100`,
          oldValues: { rank: from },
          newValues: { rank: target.rank },
        },
      );
    }
    return { personId, fullName: person.fullName, from, to: target.rank };
  });
}
