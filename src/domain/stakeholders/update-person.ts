import type { Context } from '../access/actor.ts';
import { changedValues, recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { refuseEmailsOfOthers } from './email-conflicts.ts';
import { loadPerson } from './get-person.ts';
import {
  type PersonDetails,
  type PersonRecord,
  type PersonRow,
  updatePerson as writePerson,
} from './people.repo.ts';
import type { PersonInput } from './person.ts';
import { checkPersonDetails } from './person-details.ts';
import { personSnapshot } from './person-snapshot.ts';

export type UpdatePersonInput = PersonInput & {
  id: string;
  /** The version the person was looking at: a later one means someone else changed the record meanwhile. */
  expectedVersion?: number | undefined;
};

/** The current record in the shape of details, to compare and to fill what an update leaves out. */
export const detailsOf = (p: PersonRecord): PersonDetails => ({
  fullName: p.fullName,
  emails: p.emails.map(({ value, normalised }) => ({ value, normalised })),
  phones: p.phones,
  postalAddress: p.postalAddress,
  preferredLanguage: p.preferredLanguage,
  accessibleFormats: p.accessibleFormats as PersonDetails['accessibleFormats'],
  notes: p.notes,
  lastVerifiedOn: p.lastVerifiedOn,
  influence: p.influence,
  interest: p.interest,
  lawfulBasis: p.lawfulBasis,
  reviewOn: p.reviewOn,
  roleIds: p.roles.map((r) => r.id),
  places: p.places,
  memberships: p.memberships.map((m) => ({
    organisationId: m.organisationId,
    position: m.position,
    startedOn: m.startedOn,
    endedOn: m.endedOn,
  })),
});

/** Changes a person's record. Memberships left out of the input are kept as they are. */
export async function updatePerson(ctx: Context, input: UpdatePersonInput): Promise<PersonRow> {
  const { person: current } = await loadPerson(ctx, input.id, 'stakeholder:edit');
  if (current.erasedAt !== null)
    throw new DomainError('conflict', 'This person has been erased and cannot be changed.');
  if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
    throw new DomainError(
      'conflict',
      'Someone else changed this record while you were editing it. Reload it and try again.',
    );
  }
  const { details, boroughs } = await checkPersonDetails(
    ctx,
    input,
    'stakeholder:edit',
    current.memberships.map((m) => m.organisationId),
  );
  await refuseEmailsOfOthers(ctx, 'stakeholder:edit', details.emails, current.id);
  const before = personSnapshot(detailsOf(current));
  const after = personSnapshot({
    ...details,
    memberships: details.memberships ?? detailsOf(current).memberships,
  });
  const changes = changedValues(before, after);
  if (Object.keys(changes.newValues).length === 0) return current;
  return ctx.db.transaction(async (tx) => {
    const row = await writePerson(tx, current.id, current.version, details, ctx.clock.now());
    if (!row) {
      throw new DomainError(
        'conflict',
        'Someone else changed this record while you were editing it. Reload it and try again.',
      );
    }
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'person',
        entityId: row.id,
        areaCode: boroughs.length === 1 ? boroughs[0] : null,
        summary: `Person “${row.fullName}” changed`,
        ...changes,
      },
    );
    return row;
  });
}
