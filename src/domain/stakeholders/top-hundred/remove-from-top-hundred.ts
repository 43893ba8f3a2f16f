import type { Context } from '../../access/actor.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { DomainError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import type { TopHundredChange } from './add-to-top-hundred.ts';
import { notListed } from './move-in-top-hundred.ts';
import { loadStakeholderBorough } from './stakeholder-borough.ts';
import { lockTopHundred, selectListedPerson, selectRankedIds, writeRanks } from './top-hundred.repo.ts';
import { without } from './top-hundred.ts';

/** Takes a person off a borough's top 100; those below move up one place. */
export async function removeFromTopHundred(
  ctx: Context,
  input: { areaCode: string; personId: string },
): Promise<TopHundredChange> {
  const area = await loadStakeholderBorough(ctx, input.areaCode, 'stakeholder:edit');
  if (!isUuid(input.personId)) throw new DomainError('conflict', notListed(area.name));
  const personId = input.personId.toLowerCase();
  return ctx.db.transaction(async (tx) => {
    await lockTopHundred(tx, area.gssCode);
    const order = await selectRankedIds(tx, area.gssCode);
    const from = order.indexOf(personId) + 1;
    const person = from > 0 ? await selectListedPerson(tx, personId, area.gssCode) : undefined;
    if (!person) throw new DomainError('conflict', notListed(area.name));
    await writeRanks(tx, area.gssCode, without(order, personId));
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'deleted',
        entityType: 'top-hundred',
        entityId: personId,
        areaCode: area.gssCode,
        summary: `${person.fullName} removed from ${area.name}’s top 100 (was number ${from})`,
        oldValues: { rank: from },
      },
    );
    return { personId, fullName: person.fullName, from, to: null };
  });
}
