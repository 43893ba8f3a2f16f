import { londonDay } from '../../../domain/shared/london-time.ts';
import type { PersonRecord } from '../../../domain/stakeholders/people.repo.ts';
import {
  type AccessibleFormat,
  accessibleFormatNames,
  type LawfulBasis,
  lawfulBasisNames,
} from '../../../domain/stakeholders/person.ts';
import type { DuplicateFlagRow } from '../../../domain/stakeholders/personal-data/duplicates.ts';
import type {
  ErasureCounts,
  ErasurePreview,
} from '../../../domain/stakeholders/personal-data/erase-person.ts';
import {
  type MergeChoices,
  type MergeField,
  type MergeSide,
  type MergeValues,
  mergeFields,
  mergeValuesOf,
  sidesOf,
} from '../../../domain/stakeholders/personal-data/merge.ts';
import type { MergeComparison } from '../../../domain/stakeholders/personal-data/merge-people.ts';
import type { PastReview } from '../../../domain/stakeholders/personal-data/retention.ts';
import { reviewAfterMonths } from '../../../domain/stakeholders/personal-data/retention.ts';
import type { SubjectAccessExport } from '../../../domain/stakeholders/personal-data/subject-access.ts';
import type {
  SubjectAccessColumn,
  SubjectAccessValue,
} from '../../../domain/stakeholders/personal-data/subject-access-sections.ts';
import type { StakeholderRow } from '../../../domain/stakeholders/search.repo.ts';

/** Presenters for the personal-data pages: every value they show is put into words here. */

const longDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });
const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** A calendar day (YYYY-MM-DD) as "3 March 2027". */
export const showDay = (day: string): string => longDate.format(new Date(`${day}T00:00:00Z`));
const showInstant = (iso: string): string => londonDateTime.format(new Date(iso));

export const personHref = (id: string) => `/stakeholders/${id}`;
export const subjectAccessHref = (id: string) => `${personHref(id)}/subject-access`;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

// --- Subject access ------------------------------------------------------------------------------

/** A value on the printable page: a line of text, or several lines. */
type Shown = Readonly<{ text: string; lines?: readonly string[] }>;

const notRecorded = 'Not recorded';

/** The audit trail's values are JSON: each field on a line of its own. */
function jsonLines(value: string): string[] {
  try {
    const parsed = JSON.parse(value) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.entries(parsed).map(
        ([k, v]) => `${k}: ${typeof v === 'string' ? v : v === null ? 'none' : JSON.stringify(v)}`,
      );
    }
    return [JSON.stringify(parsed)];
  } catch {
    return [value];
  }
}

function show(value: SubjectAccessValue | undefined, column: SubjectAccessColumn): Shown {
  // Yes or no asked of something it does not concern (is a telephone number suppressed?).
  if ((value === null || value === undefined) && column.kind === 'yes-no') return { text: 'Does not apply' };
  if (value === null || value === undefined || value === '') return { text: notRecorded };
  if (Array.isArray(value))
    return value.length === 0 ? { text: 'None' } : { text: value.join(', '), lines: value };
  switch (column.kind) {
    case 'day':
      return { text: showDay(String(value)) };
    case 'instant':
      return { text: showInstant(String(value)) };
    case 'yes-no':
      return { text: value === true ? 'Yes' : 'No' };
    case 'json': {
      const lines = jsonLines(String(value));
      return { text: lines.join('; '), lines };
    }
    default:
      return { text: String(value) };
  }
}

const actionWords: Readonly<Record<string, string>> = {
  created: 'Added',
  updated: 'Changed',
  deleted: 'Deleted',
  merged: 'Merged',
  erased: 'Erased',
  redacted: 'Redacted',
  denied: 'Refused',
};

export function presentSubjectAccess(sar: SubjectAccessExport) {
  return {
    name: sar.name,
    personHref: personHref(sar.personId),
    jsonHref: `${subjectAccessHref(sar.personId)}.json`,
    producedOn: showDay(sar.producedOn),
    producedBy: sar.producedBy,
    holdingNothing: sar.holdingNothing,
    contents: sar.sections.map((s) => ({
      id: `section-${s.key}`,
      title: s.title,
      count:
        s.layout === 'record'
          ? ''
          : s.items.length === 0
            ? 'nothing held'
            : plural(s.items.length, 'entry', 'entries'),
    })),
    sections: sar.sections.map((s) => ({
      id: `section-${s.key}`,
      title: s.title,
      description: s.description,
      layout: s.layout,
      empty: s.items.length === 0,
      headings: s.columns.map((c) => c.label),
      numeric: s.columns.map((c) => c.kind === 'number'),
      fields:
        s.layout === 'record'
          ? s.columns.map((c) => ({ label: c.label, value: show(s.items[0]?.[c.key], c) }))
          : [],
      rows: s.layout === 'table' ? s.items.map((item) => s.columns.map((c) => show(item[c.key], c))) : [],
      entries:
        s.layout === 'entries'
          ? s.items.map((item) => ({
              heading: [
                item.at ? showInstant(String(item.at)) : '',
                actionWords[String(item.action)] ?? String(item.action ?? ''),
                item.by ? `by ${item.by}` : '',
              ]
                .filter((x) => x !== '')
                .join(' · '),
              fields: s.columns
                .filter((c) => !['at', 'action', 'by'].includes(c.key))
                .map((c) => ({ label: c.label, value: show(item[c.key], c) }))
                .filter((f) => f.value.text !== notRecorded),
            }))
          : [],
    })),
  };
}

/** The download's file name: the person's name in plain letters, and the day. */
export function subjectAccessFileName(sar: SubjectAccessExport): string {
  const slug = sar.name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `subject-access-${slug || 'person'}-${sar.producedOn}.json`;
}

// --- Erasure ---------------------------------------------------------------------------------------

/** What an erasure removes, one line a kind of thing, leaving out what there is none of. */
export function erasureLines(counts: ErasureCounts, description: string): string[] {
  const lines = [
    `Their name, postal address, notes, preferred language, accessible formats, influence, interest and dates are removed. The record stays as “${description}”, with its roles and places, so records linked to it still make sense.`,
  ];
  if (counts.emailAddresses > 0)
    lines.push(
      `${plural(counts.emailAddresses, 'e-mail address is', 'e-mail addresses are')} removed and put on the suppression list, kept only as a salted hash, so ${counts.emailAddresses === 1 ? 'it is' : 'they are'} never mailed again.`,
    );
  if (counts.telephoneNumbers > 0)
    lines.push(`${plural(counts.telephoneNumbers, 'telephone number is', 'telephone numbers are')} removed.`);
  if (counts.consentEvents > 0)
    lines.push(`${plural(counts.consentEvents, 'consent event is', 'consent events are')} removed.`);
  if (counts.membershipPositions > 0)
    lines.push(
      `The ${counts.membershipPositions === 1 ? 'position' : 'positions'} they hold in ${plural(counts.membershipPositions, 'organisation', 'organisations')} ${counts.membershipPositions === 1 ? 'is' : 'are'} cleared (the membership stays).`,
    );
  if (counts.topHundredPlaces > 0)
    lines.push(`They are taken off ${plural(counts.topHundredPlaces, 'top 100 list', 'top 100 lists')}.`);
  if (counts.duplicateFlags > 0)
    lines.push(
      `${plural(counts.duplicateFlags, 'possible duplicate naming them is', 'possible duplicates naming them are')} removed.`,
    );
  if (counts.uploads > 0)
    lines.push(
      `${plural(counts.uploads, 'uploaded file', 'uploaded files')} waiting to be imported that ${counts.uploads === 1 ? 'mentions' : 'mention'} them ${counts.uploads === 1 ? 'is' : 'are'} removed.`,
    );
  if (counts.otherText > 0)
    lines.push(
      `${plural(counts.otherText, 'other record mentions', 'other records mention')} them (notes, organisations, saved segments): each mention is replaced by “[erased]”.`,
    );
  lines.push(
    counts.auditEntries > 0
      ? `${plural(counts.auditEntries, 'audit trail entry keeps', 'audit trail entries keep')} its place, with their details replaced by “[erased]”.`
      : 'No audit trail entry holds their details.',
  );
  return lines;
}

export function presentErasure(preview: ErasurePreview) {
  return {
    id: preview.person.id,
    name: preview.person.fullName,
    version: preview.person.version,
    description: preview.description,
    lines: erasureLines(preview.counts, preview.description),
    personHref: personHref(preview.person.id),
    subjectAccessHref: subjectAccessHref(preview.person.id),
    action: `${personHref(preview.person.id)}/erase`,
  };
}

// --- Retention -------------------------------------------------------------------------------------

export function presentPastReview(review: PastReview) {
  return {
    today: showDay(review.today),
    total: review.total,
    shown: review.rows.length,
    reviewAfterMonths,
    rows: review.rows.map((r) => ({
      name: r.fullName,
      href: personHref(r.id),
      boroughs: r.boroughs ?? 'None',
      dueOn: showDay(r.dueOn),
      why: r.hasReviewDate
        ? 'Its review date has passed'
        : `No review date; added on ${showDay(londonDay(r.createdAt))}`,
    })),
  };
}

// --- Duplicates ------------------------------------------------------------------------------------

export function presentDuplicates(list: { rows: readonly DuplicateFlagRow[]; total: number }) {
  return {
    total: list.total,
    shown: list.rows.length,
    rows: list.rows.map((f) => ({
      id: f.id,
      person: { name: f.person.fullName, href: personHref(f.person.id) },
      other: { name: f.other.fullName, href: personHref(f.other.id) },
      similarity: `${Math.round(f.score * 100)}%`,
      reason: f.reason,
      found: showDay(londonDay(f.createdAt)),
      mergeHref: `${personHref(f.person.id)}/merge?with=${f.other.id}`,
      dismissAction: `/stakeholders/duplicates/${f.id}/dismiss`,
    })),
  };
}

// --- Merge -----------------------------------------------------------------------------------------

function showMergeValue(field: MergeField, values: MergeValues): string {
  const v = values[field];
  switch (field) {
    case 'emails':
    case 'phones':
      return values[field].map((c) => c.value).join(', ') || 'None';
    case 'accessibleFormats':
      return (
        values.accessibleFormats.map((f) => accessibleFormatNames[f as AccessibleFormat] ?? f).join(', ') ||
        'None'
      );
    case 'lawfulBasis':
      return lawfulBasisNames[values.lawfulBasis as LawfulBasis] ?? values.lawfulBasis;
    case 'lastVerifiedOn':
    case 'reviewOn':
      return v ? showDay(String(v)) : 'Not recorded';
    case 'influence':
    case 'interest':
      return v === null ? 'Not assessed' : `${v} out of 5`;
    default:
      return v === null || v === '' ? 'Not recorded' : String(v);
  }
}

const bothWords: Partial<Record<MergeField, string>> = {
  emails: 'Keep the addresses of both',
  phones: 'Keep the numbers of both',
  accessibleFormats: 'Keep the formats of both',
  notes: 'Keep both notes, one after the other',
};

const summaryOf = (p: PersonRecord) => ({
  roles: p.roles.map((r) => r.label).join(', ') || 'None',
  places: p.places.map((pl) => pl.name).join(', ') || 'None',
  organisations: p.memberships.map((m) => m.organisationName).join(', ') || 'None',
  topHundred:
    p.topHundred
      .map((t) => `${p.boroughs.find((b) => b.code === t.areaCode)?.name ?? t.areaCode}: rank ${t.rank}`)
      .join(', ') || 'None',
  consent: p.consent === 'given' ? 'Given' : p.consent === 'withdrawn' ? 'Withdrawn' : 'None recorded',
  added: showDay(londonDay(p.createdAt)),
});

export function presentMerge(comparison: MergeComparison, chosen: Partial<Record<MergeField, string>> = {}) {
  const { kept, other, defaults } = comparison;
  const a = mergeValuesOf(kept);
  const b = mergeValuesOf(other);
  const fields = mergeFields.map((f) => {
    const keptText = showMergeValue(f.key, a);
    const otherText = showMergeValue(f.key, b);
    const choice: MergeSide = (sidesOf(f.kind) as readonly string[]).includes(chosen[f.key] ?? '')
      ? (chosen[f.key] as MergeSide)
      : (defaults as MergeChoices)[f.key];
    return {
      key: f.key,
      label: f.label,
      same: keptText === otherText,
      keptText,
      otherText,
      // In the shape GOV.UK Frontend's radios take.
      items: [
        { value: 'kept', text: keptText, hint: { text: 'From the record kept' }, checked: choice === 'kept' },
        {
          value: 'other',
          text: otherText,
          hint: { text: 'From the other record' },
          checked: choice === 'other',
        },
        ...(sidesOf(f.kind).includes('both')
          ? [{ value: 'both', text: bothWords[f.key] ?? 'Both', checked: choice === 'both' }]
          : []),
      ],
    };
  });
  return {
    action: `${personHref(kept.id)}/merge`,
    swapHref: `${personHref(other.id)}/merge?with=${kept.id}`,
    kept: {
      id: kept.id,
      name: kept.fullName,
      href: personHref(kept.id),
      version: kept.version,
      ...summaryOf(kept),
    },
    other: {
      id: other.id,
      name: other.fullName,
      href: personHref(other.id),
      version: other.version,
      ...summaryOf(other),
    },
    choices: fields.filter((f) => !f.same),
    same: fields.filter((f) => f.same).map((f) => ({ label: f.label, text: f.keptText })),
  };
}

export function presentMergeSearch(person: PersonRecord, q: string, candidates: readonly StakeholderRow[]) {
  return {
    name: person.fullName,
    personHref: personHref(person.id),
    action: `${personHref(person.id)}/merge`,
    q,
    searched: q.trim() !== '',
    candidates: candidates.map((c) => ({
      name: c.fullName,
      href: `${personHref(person.id)}/merge?with=${c.id}`,
      detail: [c.email, c.organisations.join(', '), c.boroughs.join(', ')].filter((x) => x).join(' · '),
    })),
  };
}
