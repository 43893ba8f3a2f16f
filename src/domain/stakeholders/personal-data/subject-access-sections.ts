import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { contactPoints } from '../../../db/schema/index.ts';
import type { PersonRecord } from '../people.repo.ts';
import { selectConsentEvents } from '../people.repo.ts';
import {
  type AccessibleFormat,
  accessibleFormatNames,
  consentMethodNames,
  type LawfulBasis,
  lawfulBasisNames,
  type OrganisationType,
  organisationTypeNames,
} from '../person.ts';
import { suppressedAddresses } from '../suppression.ts';
import {
  selectAuditRowsAbout,
  selectFlagsNaming,
  selectMergedIds,
  selectPendingUploads,
  selectTopHundredPlaces,
} from './personal-data.repo.ts';
import { mentions, termPattern } from './redaction.ts';
import { uploadText } from './upload-text.ts';

/**
 * The sections of a subject access export: each is one category of what Nonsuch holds about a
 * person, loaded by itself. A later concept that keeps something about people (engagements and the
 * views heard, messages sent) adds its section to `subjectAccessSections`, and the export, its
 * printable page and the command line carry it with no other change.
 */

/** A value as the export holds it: text, a number, yes/no, a list, or nothing. */
export type SubjectAccessValue = string | number | boolean | null | readonly string[];
export type SubjectAccessItem = Readonly<Record<string, SubjectAccessValue>>;

/** How a column's values read on the printable page (the JSON keeps them as stored). */
export type ColumnKind = 'text' | 'day' | 'instant' | 'list' | 'yes-no' | 'json' | 'number';
export type SubjectAccessColumn = Readonly<{ key: string; label: string; kind?: ColumnKind }>;

export type SubjectAccessSection = Readonly<{
  key: string;
  title: string;
  description: string;
  /** One item shown as a list of fields, many shown as a table, or many shown one after another (long ones). */
  layout: 'record' | 'table' | 'entries';
  columns: readonly SubjectAccessColumn[];
  items: readonly SubjectAccessItem[];
}>;

/** Whom the export is about: their record as it is now, and every id they have had (merges). */
export type Subject = Readonly<{ person: PersonRecord; ids: readonly string[] }>;

export type SectionSource = Omit<SubjectAccessSection, 'items'> &
  Readonly<{ load: (db: Db, subject: Subject) => Promise<SubjectAccessItem[]> }>;

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

const placeKindNames = { borough: 'Borough', ward: 'Ward', constituency: 'Constituency' } as const;

const record: SectionSource = {
  key: 'record',
  title: 'The record',
  description:
    'The person’s record in the stakeholder database: name, contact preferences, notes, the roles they hold and the places they cover.',
  layout: 'record',
  columns: [
    { key: 'id', label: 'Record number' },
    { key: 'fullName', label: 'Name' },
    { key: 'roles', label: 'Roles', kind: 'list' },
    { key: 'places', label: 'Places they cover', kind: 'list' },
    { key: 'boroughs', label: 'Boroughs', kind: 'list' },
    { key: 'postalAddress', label: 'Postal address' },
    { key: 'preferredLanguage', label: 'Preferred language' },
    { key: 'accessibleFormats', label: 'Accessible formats', kind: 'list' },
    { key: 'notes', label: 'Notes' },
    { key: 'lastVerifiedOn', label: 'Contact details last verified', kind: 'day' },
    { key: 'influence', label: 'Influence (1 to 5)', kind: 'number' },
    { key: 'interest', label: 'Interest (1 to 5)', kind: 'number' },
    { key: 'lawfulBasis', label: 'Lawful basis for holding the record' },
    { key: 'reviewOn', label: 'Retention review date', kind: 'day' },
    { key: 'createdAt', label: 'Added', kind: 'instant' },
    { key: 'updatedAt', label: 'Last changed', kind: 'instant' },
    { key: 'erasedAt', label: 'Erased', kind: 'instant' },
  ],
  load: async (_db, { person: p }) => [
    {
      id: p.id,
      fullName: p.fullName,
      roles: p.roles.map((r) => r.label),
      places: p.places.map(
        (pl) => `${placeKindNames[pl.kind]}: ${pl.name}${pl.kind === 'borough' ? '' : ` (${pl.vintage})`}`,
      ),
      boroughs: p.boroughs.map((b) => b.name),
      postalAddress: p.postalAddress,
      preferredLanguage: p.preferredLanguage,
      accessibleFormats: p.accessibleFormats.map((f) => accessibleFormatNames[f as AccessibleFormat] ?? f),
      notes: p.notes,
      lastVerifiedOn: p.lastVerifiedOn,
      influence: p.influence,
      interest: p.interest,
      lawfulBasis: lawfulBasisNames[p.lawfulBasis as LawfulBasis] ?? p.lawfulBasis,
      reviewOn: p.reviewOn,
      createdAt: iso(p.createdAt),
      updatedAt: iso(p.updatedAt),
      erasedAt: iso(p.erasedAt),
    },
  ],
};

const contacts: SectionSource = {
  key: 'contacts',
  title: 'E-mail addresses and telephone numbers',
  description:
    'Each way of contacting them, and for each e-mail address whether it is on the suppression list (never to be mailed).',
  layout: 'table',
  columns: [
    { key: 'kind', label: 'Kind' },
    { key: 'value', label: 'Address or number' },
    { key: 'label', label: 'Label' },
    { key: 'suppressed', label: 'On the suppression list', kind: 'yes-no' },
  ],
  load: async (db, { person }) => {
    const rows = await db
      .select()
      .from(contactPoints)
      .where(eq(contactPoints.personId, person.id))
      .orderBy(asc(contactPoints.kind), asc(contactPoints.position));
    const suppressed = await suppressedAddresses(
      db,
      rows.filter((r) => r.kind === 'email').map((r) => r.normalised),
    );
    return rows.map((r) => ({
      kind: r.kind === 'email' ? 'E-mail' : 'Telephone',
      value: r.value,
      label: r.label,
      suppressed: r.kind === 'email' ? suppressed.has(r.normalised) : null,
    }));
  },
};

const memberships: SectionSource = {
  key: 'memberships',
  title: 'Memberships of organisations',
  description: 'The organisations they belong to, with the position held and when.',
  layout: 'table',
  columns: [
    { key: 'organisation', label: 'Organisation' },
    { key: 'type', label: 'Type' },
    { key: 'position', label: 'Position' },
    { key: 'startedOn', label: 'From', kind: 'day' },
    { key: 'endedOn', label: 'Until', kind: 'day' },
  ],
  load: async (_db, { person }) =>
    person.memberships.map((m) => ({
      organisation: m.organisationName,
      type: organisationTypeNames[m.organisationType as OrganisationType] ?? m.organisationType,
      position: m.position,
      startedOn: m.startedOn,
      endedOn: m.endedOn,
    })),
};

const topHundred: SectionSource = {
  key: 'topHundred',
  title: 'Top 100 lists',
  description:
    'The boroughs whose top 100 community leaders and opinion formers include them, and their rank.',
  layout: 'table',
  columns: [
    { key: 'borough', label: 'Borough' },
    { key: 'rank', label: 'Rank', kind: 'number' },
  ],
  load: async (db, { person }) =>
    (await selectTopHundredPlaces(db, person.id)).map((t) => ({ borough: t.areaName, rank: t.rank })),
};

const consent: SectionSource = {
  key: 'consent',
  title: 'Consent to the e-newsletter',
  description:
    'Every time consent was given or withdrawn: when, how, the wording they were shown and the evidence.',
  layout: 'table',
  columns: [
    { key: 'event', label: 'Consent' },
    { key: 'occurredAt', label: 'When', kind: 'instant' },
    { key: 'method', label: 'How' },
    { key: 'wordingVersion', label: 'Wording shown' },
    { key: 'evidence', label: 'Evidence' },
    { key: 'recordedAt', label: 'Recorded', kind: 'instant' },
    { key: 'recordedBy', label: 'Recorded by' },
  ],
  load: async (db, { person }) =>
    (await selectConsentEvents(db, person.id)).map((e) => ({
      event: e.event === 'given' ? 'Given' : 'Withdrawn',
      occurredAt: iso(e.occurredAt),
      method: consentMethodNames[e.method] ?? e.method,
      wordingVersion: e.wordingVersion,
      evidence: e.evidence,
      recordedAt: iso(e.recordedAt),
      recordedBy: e.recordedBy,
    })),
};

const duplicateFlags: SectionSource = {
  key: 'duplicateFlags',
  title: 'Possible duplicate records',
  description:
    'Times the database found another record that might be the same person. The other record is named by its number only, as it may be someone else.',
  layout: 'table',
  columns: [
    { key: 'otherRecord', label: 'Other record' },
    { key: 'score', label: 'Similarity', kind: 'number' },
    { key: 'reason', label: 'Why' },
    { key: 'raisedAt', label: 'Found', kind: 'instant' },
    { key: 'outcome', label: 'Outcome' },
  ],
  load: async (db, { person }) =>
    (await selectFlagsNaming(db, person.id)).map((f) => ({
      otherRecord: f.otherPersonId,
      score: Math.round(f.score * 100) / 100,
      reason: f.reason,
      raisedAt: iso(f.createdAt),
      outcome:
        f.resolution === 'dismissed'
          ? 'Not the same person'
          : f.resolution === 'merged'
            ? 'Merged'
            : 'Waiting for review',
    })),
};

const mergedRecords: SectionSource = {
  key: 'mergedRecords',
  title: 'Records merged into this one',
  description:
    'Earlier records found to be the same person and merged into this record; their numbers now lead here.',
  layout: 'table',
  columns: [
    { key: 'formerRecord', label: 'Former record' },
    { key: 'mergedAt', label: 'Merged', kind: 'instant' },
  ],
  load: async (db, { person }) =>
    (await selectMergedIds(db, person.id)).map((m) => ({
      formerRecord: m.fromId,
      mergedAt: iso(m.mergedAt),
    })),
};

const uploads: SectionSource = {
  key: 'uploads',
  title: 'Files waiting to be imported',
  description:
    'Spreadsheets uploaded to import stakeholders, not yet imported, that mention their name or an e-mail address. Files are removed 7 days after upload.',
  layout: 'table',
  columns: [
    { key: 'fileName', label: 'File' },
    { key: 'uploadedAt', label: 'Uploaded', kind: 'instant' },
  ],
  load: async (db, { person }) => {
    const pattern = termPattern([person.fullName, ...person.emails.map((e) => e.normalised)]);
    const out: SubjectAccessItem[] = [];
    for (const upload of await selectPendingUploads(db)) {
      if (mentions(await uploadText(upload.content), pattern)) {
        out.push({ fileName: upload.fileName, uploadedAt: iso(upload.createdAt) });
      }
    }
    return out;
  },
};

const audit: SectionSource = {
  key: 'audit',
  title: 'The audit trail',
  description:
    'Every entry in the audit trail about them: each change to their record and consent, and every entry that mentions their record, with who made it and when.',
  layout: 'entries',
  columns: [
    { key: 'at', label: 'When', kind: 'instant' },
    { key: 'by', label: 'By' },
    { key: 'action', label: 'Action' },
    { key: 'summary', label: 'What' },
    { key: 'oldValues', label: 'Before', kind: 'json' },
    { key: 'newValues', label: 'After', kind: 'json' },
  ],
  load: async (db, { ids }) =>
    (await selectAuditRowsAbout(db, ids)).map((a) => ({
      at: iso(a.at),
      by: a.actorLabel,
      action: a.action,
      summary: a.summary,
      oldValues: a.oldValues === null ? null : JSON.stringify(a.oldValues),
      newValues: a.newValues === null ? null : JSON.stringify(a.newValues),
    })),
};

/** Every category, in the order the export shows them. */
export const subjectAccessSections: readonly SectionSource[] = [
  record,
  contacts,
  memberships,
  topHundred,
  consent,
  duplicateFlags,
  mergedRecords,
  uploads,
  audit,
];
