import type { Context } from '../../access/actor.ts';
import { changedValues, recordAudit } from '../../audit/record-audit.ts';
import { DomainError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { parseInput } from '../../shared/validation.ts';
import { loadPerson } from '../get-person.ts';
import {
  type PersonDetails,
  type PersonRecord,
  resolvePersonId,
  selectPerson,
  updatePerson as writePerson,
} from '../people.repo.ts';
import type { AccessibleFormat } from '../person.ts';
import { personSnapshot } from '../person-snapshot.ts';
import { noSuchPerson } from '../scope.ts';
import type { StakeholderRow } from '../search.repo.ts';
import { searchStakeholders } from '../search-people.ts';
import { detailsOf } from '../update-person.ts';
import {
  deleteContactPointsOf,
  deletePerson,
  lockPeople,
  moveConsentEvents,
  moveDuplicateFlags,
  moveMemberships,
  moveTopHundred,
  redirectPerson,
} from './merge.repo.ts';
import {
  defaultChoices,
  type MergeChoices,
  mergeChoicesSchema,
  mergedValues,
  mergeLimits,
  mergeValuesOf,
  unionOfPlaces,
  unionOfRoles,
} from './merge.ts';

/**
 * Merging two records of one person: the record kept takes the values chosen for each field, and
 * everything that referred to the other record (contacts, roles, places, memberships, consent,
 * top 100 places, duplicate flags, earlier redirects) moves to it. The other record is deleted and
 * its id redirects to the one kept. Both must be records the person merging may edit.
 */

export type MergeComparison = Readonly<{
  kept: PersonRecord;
  other: PersonRecord;
  defaults: MergeChoices;
}>;

const sameRecord = 'These are the same record: choose another person to merge with.';

async function loadPair(ctx: Context, id: string, withId: unknown) {
  const { person: kept } = await loadPerson(ctx, id, 'stakeholder:edit');
  if (typeof withId !== 'string' || !isUuid(withId.trim())) {
    throw new DomainError('invalid', 'Some details need correcting.', {
      fields: { with: 'Choose the record to merge with this one' },
    });
  }
  if ((await resolvePersonId(ctx.db, withId.trim())) === kept.id)
    throw new DomainError('conflict', sameRecord);
  const { person: other } = await loadPerson(ctx, withId.trim(), 'stakeholder:edit');
  if (kept.erasedAt !== null || other.erasedAt !== null) {
    throw new DomainError('conflict', 'An erased record cannot be merged.');
  }
  return { kept, other };
}

/** The two records side by side, with the choices offered first. */
export async function compareForMerge(
  ctx: Context,
  input: { id: string; withId: unknown },
): Promise<MergeComparison> {
  const { kept, other } = await loadPair(ctx, input.id, input.withId);
  return { kept, other, defaults: defaultChoices(mergeValuesOf(kept), mergeValuesOf(other)) };
}

/** People to merge a record with, found by name, organisation or e-mail (never the record itself). */
export async function findMergeCandidates(
  ctx: Context,
  input: { id: string; q: string },
): Promise<{ person: PersonRecord; candidates: readonly StakeholderRow[] }> {
  const { person } = await loadPerson(ctx, input.id, 'stakeholder:edit');
  const q = input.q.trim();
  if (q === '') return { person, candidates: [] };
  const found = await searchStakeholders(ctx, { q, limit: 21 });
  return { person, candidates: found.rows.filter((r) => r.id !== person.id).slice(0, 20) };
}

export type MergePeopleInput = Readonly<{
  id: string;
  withId: unknown;
  /** The side chosen for each field (`kept`, `other` or `both`); a field left out takes its default. */
  choices: Readonly<Record<string, unknown>>;
  /** The versions shown side by side: a later one means a record changed while the choices were made. */
  keptVersion?: number | undefined;
  otherVersion?: number | undefined;
}>;

/** The refusal when a record changed while the two were being compared. */
export const mergeChangedMeanwhile =
  'One of the records changed while you were comparing them. Compare them again before merging.';

const changedMeanwhile = () => new DomainError('conflict', mergeChangedMeanwhile);

/** Merges the other record into the kept one, in one transaction. */
export async function mergePeople(ctx: Context, input: MergePeopleInput): Promise<PersonRecord> {
  const { kept, other } = await loadPair(ctx, input.id, input.withId);
  if (
    (input.keptVersion !== undefined && input.keptVersion !== kept.version) ||
    (input.otherVersion !== undefined && input.otherVersion !== other.version)
  ) {
    throw changedMeanwhile();
  }
  const keptValues = mergeValuesOf(kept);
  const otherValues = mergeValuesOf(other);
  const choices = parseInput(mergeChoicesSchema(defaultChoices(keptValues, otherValues)), input.choices);
  const merged = mergedValues(keptValues, otherValues, choices);
  const roleIds = unionOfRoles(kept, other);
  const places = unionOfPlaces(kept, other);
  const fields: Record<string, string> = {};
  if (merged.emails.length > mergeLimits.emails)
    fields.emails = `Together the records have ${merged.emails.length} e-mail addresses; a person can have at most ${mergeLimits.emails}: keep one record’s`;
  if (merged.phones.length > mergeLimits.phones)
    fields.phones = `Together the records have ${merged.phones.length} telephone numbers; a person can have at most ${mergeLimits.phones}: keep one record’s`;
  if ((merged.notes ?? '').length > mergeLimits.notes)
    fields.notes = `Both records’ notes together are longer than ${mergeLimits.notes} characters: keep one record’s`;
  if (roleIds.length > mergeLimits.roles || places.length > mergeLimits.places)
    fields._ = 'Together the records hold more roles or places than one person can; edit one of them first';
  if (Object.keys(fields).length > 0)
    throw new DomainError('invalid', 'Some details need correcting.', { fields });

  const details: PersonDetails = {
    fullName: merged.fullName,
    emails: [...merged.emails],
    phones: [...merged.phones],
    postalAddress: merged.postalAddress,
    preferredLanguage: merged.preferredLanguage,
    accessibleFormats: merged.accessibleFormats as AccessibleFormat[],
    notes: merged.notes,
    lastVerifiedOn: merged.lastVerifiedOn,
    influence: merged.influence,
    interest: merged.interest,
    lawfulBasis: merged.lawfulBasis,
    reviewOn: merged.reviewOn,
    roleIds,
    places,
    // Memberships are moved row by row below, so the kept record's are left as they are here.
    memberships: undefined,
  };
  const now = ctx.clock.now();

  return ctx.db.transaction(async (tx) => {
    const locked = await lockPeople(tx, [kept.id, other.id]);
    const k = locked.get(kept.id);
    const o = locked.get(other.id);
    if (!k || !o) throw new DomainError('not_found', noSuchPerson);
    if (k.version !== kept.version || o.version !== other.version || k.erasedAt || o.erasedAt) {
      throw changedMeanwhile();
    }
    // The other record's addresses are let go first: an address belongs to one record at a time.
    await deleteContactPointsOf(tx, other.id);
    await moveMemberships(tx, other.id, kept.id);
    const row = await writePerson(tx, kept.id, kept.version, details, now);
    if (!row) throw changedMeanwhile();
    await moveConsentEvents(tx, other.id, kept.id);
    await moveTopHundred(tx, other.id, kept.id);
    await moveDuplicateFlags(tx, other.id, kept.id);
    await redirectPerson(tx, other.id, kept.id, now);
    await deletePerson(tx, other.id);

    const before = personSnapshot({ ...detailsOf(kept), memberships: undefined });
    const after = personSnapshot(details);
    const changes = changedValues(before, after);
    const txCtx = { ...ctx, db: tx };
    const summary = `Person “${other.fullName}” merged into “${row.fullName}”`;
    const areaOf = (p: PersonRecord) => (p.boroughs.length === 1 ? p.boroughs[0]?.code : null);
    await recordAudit(txCtx, {
      action: 'merged',
      entityType: 'person',
      entityId: kept.id,
      areaCode: areaOf(kept),
      summary,
      oldValues: changes.oldValues,
      newValues: { ...changes.newValues, mergedFrom: other.id },
    });
    await recordAudit(txCtx, {
      action: 'merged',
      entityType: 'person',
      entityId: other.id,
      areaCode: areaOf(other),
      summary,
      oldValues: personSnapshot(detailsOf(other)),
      newValues: { mergedInto: kept.id },
    });
    const result = await selectPerson(tx, kept.id);
    if (!result) throw new DomainError('not_found', noSuchPerson);
    return result;
  });
}
