import type { Context } from '../../access/actor.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { DomainError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { resolvePersonId } from '../people.repo.ts';
import { loadStakeholderBorough } from './stakeholder-borough.ts';
import { lockTopHundred, selectListedPerson, selectRankedIds, writeRanks } from './top-hundred.repo.ts';
import { topHundredLimit } from './top-hundred.ts';

export type TopHundredChange = Readonly<{
  personId: string;
  fullName: string;
  from: number | null;
  to: number | null;
}>;

const refuse = (code: 'invalid' | 'conflict', message: string): never => {
  throw new DomainError(code, message, { fields: { personId: message } });
};

/**
 * Adds a person of the borough to the bottom of its top 100. Refused when they do not cover the
 * borough, are erased, are already listed, or the list already holds 100.
 */
export async function addToTopHundred(
  ctx: Context,
  input: { areaCode: string; personId: string },
): Promise<TopHundredChange> {
  const area = await loadStakeholderBorough(ctx, input.areaCode, 'stakeholder:edit');
  const given = input.personId.trim();
  if (given === '') refuse('invalid', 'Choose a person to add');
  const noSuch = `Choose a person who covers ${area.name}`;
  if (!isUuid(given)) refuse('invalid', noSuch);
  const personId = (await resolvePersonId(ctx.db, given.toLowerCase())).toLowerCase();
  return ctx.db.transaction(async (tx) => {
    await lockTopHundred(tx, area.gssCode);
    const person = await selectListedPerson(tx, personId, area.gssCode);
    if (!person?.inBorough) return refuse('invalid', noSuch);
    if (person.erased)
      return refuse('invalid', 'That person’s record has been erased, so they cannot be added');
    const order = await selectRankedIds(tx, area.gssCode);
    const at = order.indexOf(personId);
    if (at !== -1) {
      return refuse('conflict', `${person.fullName} is already number ${at + 1} on ${area.name}’s top 100`);
    }
    if (order.length >= topHundredLimit) {
      return refuse(
        'conflict',
        `${area.name}’s top 100 is full: remove someone before adding ${person.fullName}`,
      );
    }
    const rank = order.length + 1;
    await writeRanks(tx, area.gssCode, [...order, personId]);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'created',
        entityType: 'top-hundred',
        entityId: personId,
        areaCode: area.gssCode,
        summary: `${person.fullName} added to ${area.name}’s top 100 at number ${rank}`,
        newValues: { rank },
      },
    );
    return { personId, fullName: person.fullName, from: null, to: rank };
  });
}
