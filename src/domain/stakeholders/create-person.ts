import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { refuseEmailsOfOthers } from './email-conflicts.ts';
import { insertPerson, type PersonRow } from './people.repo.ts';
import type { PersonInput } from './person.ts';
import { checkPersonDetails } from './person-details.ts';
import { personSnapshot } from './person-snapshot.ts';

/** Adds a person to the stakeholder database. */
export async function createPerson(ctx: Context, input: PersonInput): Promise<PersonRow> {
  authorize(ctx.actor, 'stakeholder:edit');
  const { details, boroughs } = await checkPersonDetails(ctx, input, 'stakeholder:edit');
  await refuseEmailsOfOthers(ctx, 'stakeholder:edit', details.emails, null);
  return ctx.db.transaction(async (tx) => {
    const person = await insertPerson(tx, details, ctx.clock.now());
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'created',
        entityType: 'person',
        entityId: person.id,
        areaCode: boroughs.length === 1 ? boroughs[0] : null,
        summary: `Person “${person.fullName}” added`,
        newValues: personSnapshot(details),
      },
    );
    return person;
  });
}

/** Before showing the new-person form: refuses, as the use case would, those who may not add people. */
export function authorizePersonForm(ctx: Context): void {
  authorize(ctx.actor, 'stakeholder:edit');
}
