import { londonDay } from '../../../domain/shared/london-time.ts';
import type { PersonView } from '../../../domain/stakeholders/get-person.ts';
import type { OrganisationFormChoices } from '../../../domain/stakeholders/organisation-form-choices.ts';
import type { OrganisationWithMembers } from '../../../domain/stakeholders/organisation-form-members.ts';
import type { PersonRecord } from '../../../domain/stakeholders/people.repo.ts';
import {
  accessibleFormatNames,
  accessibleFormats,
  consentMethodNames,
  consentMethods,
  exclusionReasonNames,
  lawfulBases,
  lawfulBasisNames,
  type OrganisationType,
  organisationTypeNames,
  organisationTypes,
  type PlaceKind,
} from '../../../domain/stakeholders/person.ts';
import type { PersonFormChoices } from '../../../domain/stakeholders/person-form-choices.ts';
import type { OrganisationRecord } from '../../../domain/stakeholders/stakeholders.repo.ts';
import type { OrganisationForm } from './organisation.forms.ts';
import { type PersonForm, placeValue } from './person.forms.ts';

/** Staff presenters for people, organisations, consent and roles: every field a page shows is named here. */

const longDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });
const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** A calendar day (YYYY-MM-DD) as "3 March 2027"; empty when there is none. */
export const showDay = (day: string | null | undefined): string =>
  day ? longDate.format(new Date(`${day}T00:00:00Z`)) : '';

const organisationTypeName = (type: string): string =>
  organisationTypeNames[type as OrganisationType] ?? type;

export const personHref = (id: string) => `/stakeholders/${id}`;
export const organisationHref = (id: string) => `/organisations/${id}`;

const placeKindNames: Readonly<Record<PlaceKind, string>> = {
  borough: 'Borough',
  ward: 'Ward',
  constituency: 'Constituency',
};

const score = (n: number | null) => (n === null ? 'Not assessed' : `${n} out of 5`);

// --- A person's page --------------------------------------------------------------------------

export type PersonPageOptions = Readonly<{
  /** Whether the viewer may change this borough's records (the top 100 among them). */
  mayEditIn: (areaCode: string) => boolean;
}>;

export function presentPerson(view: PersonView, options: PersonPageOptions) {
  const p = view.person;
  if (p.erasedAt !== null) {
    return { erased: true as const, description: p.fullName, erasedOn: showDay(londonDay(p.erasedAt)) };
  }
  const boroughName = new Map(p.boroughs.map((b) => [b.code, b.name]));
  const ranked = new Set(p.topHundred.map((t) => t.areaCode));
  const e = view.emailability;
  return {
    erased: false as const,
    id: p.id,
    name: p.fullName,
    boroughNames: p.boroughs.map((b) => b.name).join(', '),
    emailable: e.ok
      ? { yes: true, text: `Yes (${e.address})` }
      : { yes: false, text: `No — ${exclusionReasonNames[e.reason].toLowerCase()}` },
    stale: view.stale,
    lastVerified: p.lastVerifiedOn ? showDay(p.lastVerifiedOn) : 'Never',
    pastReview: view.pastReview,
    reviewOn: p.reviewOn ? showDay(p.reviewOn) : 'Not set',
    emails: p.emails.map((m) => ({ value: m.value, suppressed: m.suppressed })),
    phones: p.phones.map((ph) => ph.value),
    postalAddress: p.postalAddress ?? '',
    preferredLanguage: p.preferredLanguage ?? '',
    accessibleFormats: p.accessibleFormats.map(
      (f) => accessibleFormatNames[f as keyof typeof accessibleFormatNames] ?? f,
    ),
    notes: p.notes ?? '',
    influence: score(p.influence),
    interest: score(p.interest),
    lawfulBasis: lawfulBasisNames[p.lawfulBasis],
    roles: p.roles.map((r) => r.label),
    places: p.places.map((pl) => ({
      kind: placeKindNames[pl.kind],
      name: pl.name,
      boundaries: pl.kind === 'borough' ? '' : `${pl.vintage} boundaries`,
    })),
    boroughs: p.boroughs.map((b) => ({ name: b.name, href: `/boroughs/${b.code}` })),
    topHundred: p.topHundred
      .map((t) => ({
        boroughName: boroughName.get(t.areaCode) ?? t.areaCode,
        rank: t.rank,
        href: `/boroughs/${t.areaCode}/top-100`,
      }))
      .sort((a, b) => a.boroughName.localeCompare(b.boroughName)),
    topHundredAdds: p.boroughs
      .filter((b) => options.mayEditIn(b.code) && !ranked.has(b.code))
      .map((b) => ({ action: `/boroughs/${b.code}/top-100/add`, text: `Add to ${b.name}’s top 100` })),
    memberships: p.memberships.map((m) => ({
      organisationName: m.organisationName,
      href: organisationHref(m.organisationId),
      type: organisationTypeName(m.organisationType),
      position: m.position ?? '',
      from: showDay(m.startedOn),
      to: showDay(m.endedOn),
    })),
    consentEvents: view.consentEvents.map((c) => ({
      when: showDay(londonDay(c.occurredAt)),
      event: c.event === 'given' ? 'Given' : 'Withdrawn',
      method: consentMethodNames[c.method],
      wordingVersion: c.wordingVersion,
      evidence: c.evidence,
      recordedBy: c.recordedBy,
      recordedAt: londonDateTime.format(c.recordedAt),
    })),
    updatedAt: londonDateTime.format(p.updatedAt),
    actions: {
      edit: view.mayEdit ? `${personHref(p.id)}/edit` : undefined,
      consent: view.mayEdit ? `${personHref(p.id)}/consent` : undefined,
      merge: view.mayEdit ? `${personHref(p.id)}/merge` : undefined,
      subjectAccess: view.mayRequestSubjectAccess ? `${personHref(p.id)}/subject-access` : undefined,
      erase: view.mayErase ? `${personHref(p.id)}/erase` : undefined,
    },
  };
}

// --- The person form ---------------------------------------------------------------------------

type Option = { value: string; text: string };
type OptionGroup = { label?: string; options: Option[] };

/** The rows of one list on the form: every filled row and one empty spare, up to `max`. */
const withSpare = (values: readonly string[], max: number) =>
  [...values, ''].slice(0, Math.max(1, Math.min(max, values.length + 1)));

/**
 * The choices of the person form, with what the record already holds kept as choices even when it
 * lies outside the viewer's boroughs or the boundaries in use, so saving never drops it unseen.
 */
export function presentPersonFormChoices(
  values: PersonForm,
  choices: PersonFormChoices,
  limits: { emails: number; phones: number; places: number; memberships: number },
  current?: PersonRecord,
) {
  const kept = (kind: PlaceKind, offered: ReadonlySet<string>): Option[] =>
    (current?.places ?? [])
      .filter((p) => p.kind === kind && !offered.has(placeValue(p)))
      .map((p) => ({
        value: placeValue(p),
        text: p.kind === 'borough' ? p.name : `${p.name} (${p.vintage} boundaries)`,
      }));
  const withKept = (groups: OptionGroup[], kind: PlaceKind, label: string): OptionGroup[] => {
    const offered = new Set(groups.flatMap((g) => g.options.map((o) => o.value)));
    const extra = kept(kind, offered);
    return extra.length > 0 ? [...groups, { label, options: extra }] : groups;
  };

  const boroughGroups = withKept(
    [{ options: choices.boroughs.map((b) => ({ value: b.code, text: b.name })) }],
    'borough',
    'Already on this record',
  );
  const wardGroups = withKept(
    choices.wardGroups.map((g) => ({
      label: g.borough.name,
      options: g.wards.map((w) => ({ value: `${w.code}:${choices.wardVintage}`, text: w.name })),
    })),
    'ward',
    'Already on this record',
  );
  const constituencyGroups = withKept(
    [
      {
        options: choices.constituencies.map((c) => ({
          value: `${c.code}:${choices.constituencyVintage}`,
          text: c.boroughNames.length > 0 ? `${c.name} (${c.boroughNames.join(', ')})` : c.name,
        })),
      },
    ],
    'constituency',
    'Already on this record',
  );

  const offeredOrganisations = new Set(choices.organisations.map((o) => o.id));
  const byArea = new Map<string, Option[]>();
  for (const o of choices.organisations) {
    const label = o.areaName ?? 'London-wide';
    byArea.set(label, [...(byArea.get(label) ?? []), { value: o.id, text: o.name }]);
  }
  const organisationGroups: OptionGroup[] = [...byArea]
    .sort(([a], [b]) => (a === 'London-wide' ? -1 : b === 'London-wide' ? 1 : a.localeCompare(b)))
    .map(([label, options]) => ({ label, options }));
  const keptOrganisations = (current?.memberships ?? [])
    .filter((m) => !offeredOrganisations.has(m.organisationId))
    .map((m) => ({ value: m.organisationId, text: m.organisationName }));
  if (keptOrganisations.length > 0) {
    organisationGroups.push({ label: 'Already on this record', options: keptOrganisations });
  }

  const placeRows = (kind: PlaceKind, label: string, groups: OptionGroup[], emptyText: string) => ({
    rows: withSpare(values.places[kind], limits.places).map((value, i) => ({
      id: `${kind}-${i}`,
      label: `${label} ${i + 1}`,
      value,
    })),
    groups,
    emptyText,
    hasChoices: groups.some((g) => g.options.length > 0),
  });

  const option = (value: string, text: string, chosen: string) => ({
    value,
    text,
    checked: value === chosen,
  });
  const scoreItems = (chosen: string) => [
    ...['1', '2', '3', '4', '5'].map((n) => option(n, n, chosen)),
    option('', 'Not assessed', chosen),
  ];
  const blankMembership = { organisationId: '', position: '', startedOn: '', endedOn: '' };

  return {
    values,
    emailRows: withSpare(values.emails, limits.emails).map((value, i) => ({
      id: `email-${i}`,
      label: `E-mail address ${i + 1}`,
      value,
    })),
    phoneRows: withSpare(values.phones, limits.phones).map((value, i) => ({
      id: `phone-${i}`,
      label: `Telephone number ${i + 1}`,
      value,
    })),
    accessibleFormatItems: accessibleFormats.map((f) => ({
      value: f,
      text: accessibleFormatNames[f],
      checked: values.accessibleFormats.includes(f),
    })),
    roleItems: choices.roles.map((r) => ({
      value: r.id,
      text: r.label,
      checked: values.roleIds.includes(r.id),
    })),
    influenceItems: scoreItems(values.influence),
    interestItems: scoreItems(values.interest),
    lawfulBasisItems: lawfulBases.map((b) => ({
      value: b,
      text: lawfulBasisNames[b],
      checked: b === (values.lawfulBasis || 'public-task'),
    })),
    boroughs: placeRows('borough', 'Borough', boroughGroups, 'No borough'),
    wards: placeRows('ward', 'Ward', wardGroups, 'No ward'),
    constituencies: placeRows('constituency', 'Constituency', constituencyGroups, 'No constituency'),
    wardVintage: choices.wardVintage,
    constituencyVintage: choices.constituencyVintage,
    membershipRows: [...values.memberships, blankMembership]
      .slice(0, Math.min(limits.memberships, values.memberships.length + 1))
      .map((m, i) => ({ index: i, number: i + 1, ...m })),
    organisationGroups,
    hasOrganisations: organisationGroups.some((g) => g.options.length > 0),
  };
}

// --- Consent -----------------------------------------------------------------------------------

export type ConsentFormValues = Readonly<{
  event: string;
  occurredOn: string;
  method: string;
  wordingVersion: string;
  evidence: string;
}>;

export function presentConsentForm(values: ConsentFormValues) {
  return {
    values,
    eventItems: [
      {
        value: 'given',
        text: 'Given: they agreed to receive the e-newsletter',
        checked: values.event === 'given',
      },
      { value: 'withdrawn', text: 'Withdrawn: they asked to stop', checked: values.event === 'withdrawn' },
    ],
    methodItems: consentMethods.map((m) => ({
      value: m,
      text: consentMethodNames[m],
      checked: values.method === m,
    })),
  };
}

// --- Organisations -----------------------------------------------------------------------------

export function presentOrganisationRow(o: OrganisationRecord) {
  return {
    id: o.id,
    href: organisationHref(o.id),
    name: o.name,
    type: organisationTypeName(o.type),
    borough: o.areaName ?? 'London-wide',
  };
}

export function presentOrganisation(detail: OrganisationWithMembers) {
  const o = detail.organisation;
  return {
    ...presentOrganisationRow(o),
    email: o.email ?? '',
    phone: o.phone ?? '',
    website: o.website ?? '',
    address: o.address ?? '',
    notes: o.notes ?? '',
    editHref: o.mayEdit ? `${organisationHref(o.id)}/edit` : undefined,
    members: detail.members.map((m) => ({
      name: m.fullName,
      href: personHref(m.personId),
      position: m.position ?? '',
      since: showDay(m.startedOn),
      until: showDay(m.endedOn),
    })),
  };
}

export function presentOrganisationFormChoices(values: OrganisationForm, choices: OrganisationFormChoices) {
  const noBorough = choices.mayChooseLondonWide ? 'London-wide (no borough)' : 'Choose a borough';
  const chosen = values.areaCode.trim().toUpperCase();
  return {
    values,
    typeItems: organisationTypes.map((t) => ({
      value: t,
      text: organisationTypeNames[t],
      checked: t === values.type,
    })),
    areaItems: [
      { value: '', text: noBorough, selected: chosen === '' },
      ...choices.boroughs.map((b) => ({ value: b.code, text: b.name, selected: b.code === chosen })),
    ],
  };
}

export function presentOrganisationFilter(
  boroughs: readonly { code: string; name: string }[],
  chosen: { areaCode: string | undefined; type: string | undefined },
) {
  return {
    areaItems: [
      { value: '', text: 'All boroughs', selected: chosen.areaCode === undefined },
      ...boroughs.map((b) => ({ value: b.code, text: b.name, selected: b.code === chosen.areaCode })),
    ],
    typeItems: [
      { value: '', text: 'All types', selected: chosen.type === undefined },
      ...organisationTypes.map((t) => ({
        value: t,
        text: organisationTypeNames[t],
        selected: t === chosen.type,
      })),
    ],
    active: chosen.areaCode !== undefined || chosen.type !== undefined,
  };
}
