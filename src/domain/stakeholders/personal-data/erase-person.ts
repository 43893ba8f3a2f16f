import type { Db } from '../../../db/connect.ts';
import type { Context } from '../../access/actor.ts';
import { personalFields } from '../../audit/personal-fields.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { DomainError } from '../../shared/errors.ts';
import { loadPerson } from '../get-person.ts';
import type { PersonRecord } from '../people.repo.ts';
import { normaliseEmail } from '../person.ts';
import { noSuchPerson } from '../scope.ts';
import { suppress } from '../suppression.ts';
import {
  allowRedaction,
  anonymisePerson,
  clearMembershipPositions,
  clearUploads,
  deleteConsentEvents,
  deleteContactPoints,
  deleteFlagsNaming,
  lockPerson,
  removeFromTopHundreds,
  selectAuditRowsAbout,
  selectAuditRowsToRedact,
  selectConsentCount,
  selectFlagsNaming,
  selectMergedIds,
  selectNotesMentioning,
  selectOrganisationsMentioning,
  selectPendingUploads,
  selectSegmentsMentioning,
  selectTopHundredPlaces,
  selectUploadTextMentioning,
  updateAuditRowText,
  updateNotes,
  updateOrganisationText,
  updateSegmentFilter,
  updateUploadText,
} from './personal-data.repo.ts';
import {
  erasedDescription,
  erasureTerms,
  mentions,
  redactJson,
  redactText,
  redactValues,
  sameName,
  shortestSharedTerm,
  termPattern,
} from './redaction.ts';
import { uploadText } from './upload-text.ts';

/**
 * Erasure: a person's personal data removed everywhere Nonsuch keeps it, in one transaction. The
 * record stays, anonymised ("a ward councillor"), so what it is linked to still adds up; their
 * e-mail addresses go onto the suppression list as salted hashes only; and the audit trail keeps
 * its rows with the erased values replaced by a marker. See docs/decisions/0028.
 */

export const uploadRemovedByErasure = 'removed by an erasure';

/** What an erasure will do (and, once done, did), counted. */
export type ErasureCounts = Readonly<{
  emailAddresses: number;
  telephoneNumbers: number;
  consentEvents: number;
  membershipPositions: number;
  topHundredPlaces: number;
  duplicateFlags: number;
  auditEntries: number;
  uploads: number;
  otherText: number;
}>;

type RedactedAuditRow = { id: string; summary: string; oldValues: unknown; newValues: unknown };

type ErasurePlan = Readonly<{
  person: PersonRecord;
  description: string;
  counts: ErasureCounts;
  auditRows: readonly RedactedAuditRow[];
  uploads: readonly string[];
  notes: readonly { id: string; notes: string }[];
  organisations: readonly {
    id: string;
    email: string | null;
    address: string | null;
    notes: string | null;
  }[];
  segments: readonly { id: string; filter: unknown }[];
  uploadTexts: readonly { id: string; fileName: string; error: string | null }[];
}>;

const personalKeysOf = (entityType: string): ReadonlySet<string> =>
  new Set(personalFields[entityType]?.keys ?? []);

const stringsIn = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : [];

/**
 * Works out everything an erasure changes, without writing: the words that are the person's (their
 * name and addresses now and as the audit trail shows they were), and each row that holds them.
 */
async function planErasure(db: Db, person: PersonRecord, options: { lock: boolean }): Promise<ErasurePlan> {
  const ids = [person.id, ...(await selectMergedIds(db, person.id)).map((m) => m.fromId)];
  const idSet = new Set(ids);
  const own = (await selectAuditRowsAbout(db, ids)).filter(
    (r) => r.entityType === 'person' && r.entityId !== null && idSet.has(r.entityId),
  );
  const former = own.flatMap((r) =>
    [r.oldValues, r.newValues].flatMap((values) => {
      const v = (values ?? {}) as Record<string, unknown>;
      return ['fullName', 'emails', 'phones', 'postalAddress'].flatMap((k) => stringsIn(v[k]));
    }),
  );
  const emails = person.emails.flatMap((e) => [e.value, e.normalised]);
  const formerEmails = former.map((s) => normaliseEmail(s)).filter((s): s is string => s !== undefined);
  const terms = erasureTerms([
    person.fullName,
    ...emails,
    ...formerEmails,
    ...person.phones.map((p) => p.value),
    person.postalAddress,
    ...former,
  ]);
  const shared = terms.filter((t) => t.length >= shortestSharedTerm);
  const allTerms = termPattern(terms);
  const sharedTerms = termPattern(shared);

  const auditRows: RedactedAuditRow[] = [];
  for (const row of await selectAuditRowsToRedact(db, ids, shared)) {
    const about = row.entityId !== null && idSet.has(row.entityId);
    const text = `${row.summary}\n${JSON.stringify(row.oldValues)}\n${JSON.stringify(row.newValues)}`;
    const pattern = about || ids.some((id) => text.includes(id)) ? allTerms : sharedTerms;
    const keys = about ? personalKeysOf(row.entityType) : new Set<string>();
    const next = {
      id: row.id,
      summary: redactText(row.summary, pattern),
      oldValues: redactValues(row.oldValues as Record<string, unknown> | null, keys, pattern),
      newValues: redactValues(row.newValues as Record<string, unknown> | null, keys, pattern),
    };
    const changed =
      next.summary !== row.summary ||
      JSON.stringify(next.oldValues) !== JSON.stringify(row.oldValues) ||
      JSON.stringify(next.newValues) !== JSON.stringify(row.newValues);
    if (changed) auditRows.push(next);
  }

  const uploads: string[] = [];
  for (const upload of await selectPendingUploads(db, { lock: options.lock })) {
    if (mentions(await uploadText(upload.content), allTerms)) uploads.push(upload.id);
  }

  const addresses = new Set([...person.emails.map((e) => e.normalised), ...formerEmails]);
  const notes = (await selectNotesMentioning(db, person.id, shared)).map((n) => ({
    id: n.id,
    notes: redactText(n.notes, sharedTerms),
  }));
  const organisations = (await selectOrganisationsMentioning(db, shared)).map((o) => ({
    id: o.id,
    // An organisation's address that is the person's own is theirs, not the organisation's.
    email:
      o.email !== null && (addresses.has(normaliseEmail(o.email) ?? '') || mentions(o.email, sharedTerms))
        ? null
        : o.email,
    address: o.address === null ? null : redactText(o.address, sharedTerms),
    notes: o.notes === null ? null : redactText(o.notes, sharedTerms),
  }));
  const segments = (await selectSegmentsMentioning(db, shared)).map((s) => ({
    id: s.id,
    filter: redactJson(s.filter, sharedTerms),
  }));
  const uploadTexts = (await selectUploadTextMentioning(db, shared)).map((u) => ({
    id: u.id,
    fileName: redactText(u.fileName, sharedTerms),
    error: u.error === null ? null : redactText(u.error, sharedTerms),
  }));

  return {
    person,
    description: erasedDescription(person.roles),
    counts: {
      emailAddresses: person.emails.length,
      telephoneNumbers: person.phones.length,
      consentEvents: await selectConsentCount(db, person.id),
      membershipPositions: person.memberships.filter((m) => m.position !== null).length,
      topHundredPlaces: (await selectTopHundredPlaces(db, person.id)).length,
      duplicateFlags: (await selectFlagsNaming(db, person.id)).length,
      auditEntries: auditRows.length,
      uploads: uploads.length,
      otherText: notes.length + organisations.length + segments.length + uploadTexts.length,
    },
    auditRows,
    uploads,
    notes,
    organisations,
    segments,
    uploadTexts,
  };
}

export type ErasurePreview = Readonly<{
  person: PersonRecord;
  description: string;
  counts: ErasureCounts;
}>;

/** What erasing this person would remove, for the confirmation page. */
export async function previewErasure(ctx: Context, input: { id: string }): Promise<ErasurePreview> {
  const { person } = await loadPerson(ctx, input.id, 'stakeholder:erase');
  if (person.erasedAt !== null) throw new DomainError('conflict', 'This person has already been erased.');
  const plan = await planErasure(ctx.db, person, { lock: false });
  return { person, description: plan.description, counts: plan.counts };
}

export type ErasePersonInput = Readonly<{
  id: string;
  /** The person's name, typed to confirm. */
  confirmName: unknown;
  /** The version shown on the confirmation page: a later one means the record changed meanwhile. */
  expectedVersion?: number | undefined;
}>;

export type Erased = Readonly<{ id: string; description: string; counts: ErasureCounts }>;

/**
 * Erases a person, irreversibly, once their name has been typed to confirm. Everything happens in
 * one transaction: a failure anywhere leaves the person as they were.
 */
export async function erasePerson(ctx: Context, input: ErasePersonInput): Promise<Erased> {
  const { person } = await loadPerson(ctx, input.id, 'stakeholder:erase');
  if (person.erasedAt !== null) throw new DomainError('conflict', 'This person has already been erased.');
  const typed = typeof input.confirmName === 'string' ? input.confirmName : '';
  if (!sameName(typed, person.fullName)) {
    throw new DomainError('invalid', 'Some details need correcting.', {
      fields: {
        confirmName:
          typed.trim() === ''
            ? 'Type the person’s name to confirm the erasure'
            : 'The name typed does not match: type the person’s name exactly as shown',
      },
    });
  }
  if (input.expectedVersion !== undefined && input.expectedVersion !== person.version) {
    throw changedMeanwhile();
  }
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const locked = await lockPerson(tx, person.id);
    if (!locked) throw new DomainError('not_found', noSuchPerson);
    if (locked.erasedAt !== null) throw new DomainError('conflict', 'This person has already been erased.');
    // The name was confirmed against this version: a change since then is checked again by a person.
    if (locked.version !== person.version) throw changedMeanwhile();
    const current = person;
    const plan = await planErasure(tx, current, { lock: true });

    await allowRedaction(tx);
    await suppress(
      tx,
      current.emails.map((e) => e.normalised),
      'erased',
      now,
    );
    await deleteContactPoints(tx, current.id);
    await deleteConsentEvents(tx, current.id);
    await deleteFlagsNaming(tx, current.id);
    await clearMembershipPositions(tx, current.id);
    await removeFromTopHundreds(tx, current.id);
    await clearUploads(tx, plan.uploads, uploadRemovedByErasure);
    for (const n of plan.notes) await updateNotes(tx, n.id, n.notes);
    for (const o of plan.organisations) await updateOrganisationText(tx, o.id, o);
    for (const s of plan.segments) await updateSegmentFilter(tx, s.id, s.filter);
    for (const u of plan.uploadTexts) await updateUploadText(tx, u.id, u);
    await anonymisePerson(tx, current.id, plan.description, now);
    for (const row of plan.auditRows) await updateAuditRowText(tx, row.id, row);

    const txCtx = { ...ctx, db: tx };
    await recordAudit(txCtx, {
      action: 'erased',
      entityType: 'person',
      entityId: current.id,
      areaCode: current.boroughs.length === 1 ? current.boroughs[0]?.code : null,
      summary: `Person erased: the record is kept as “${plan.description}”`,
      newValues: { description: plan.description, ...plan.counts },
    });
    await recordAudit(txCtx, {
      action: 'redacted',
      entityType: 'audit',
      entityId: current.id,
      summary: `${plan.counts.auditEntries} audit ${plan.counts.auditEntries === 1 ? 'entry' : 'entries'} redacted for an erasure`,
      newValues: { entries: plan.counts.auditEntries, marker: '[erased]' },
    });
    return { id: current.id, description: plan.description, counts: plan.counts };
  });
}

/** The refusal when the record changed between the confirmation page and the erasure. */
export const erasureChangedMeanwhile =
  'Someone changed this record while you were looking at it. Check what will be erased again.';

const changedMeanwhile = () => new DomainError('conflict', erasureChangedMeanwhile);
