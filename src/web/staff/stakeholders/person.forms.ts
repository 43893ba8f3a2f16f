import { z } from 'zod';
import type { PersonRecord } from '../../../domain/stakeholders/people.repo.ts';
import type { PersonInput, PlaceKind } from '../../../domain/stakeholders/person.ts';
import { formText } from '../../forms.ts';

/**
 * The person form: what the browser posts (numbered inputs for e-mails, phones, places and
 * memberships, each list with one empty spare), turned into use-case input; the record turned
 * back into form values; and the domain's field names mapped to the form's element ids.
 */

export const maxEmails = 10;
export const maxPhones = 10;
/** Rows of each kind of place the form reads (the domain allows 100 places in all). */
export const maxPlaceRows = 30;
export const maxMembershipRows = 50;

/** A field that may be sent several times (checkboxes): every text value, none when absent. */
const formList = z
  .preprocess((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]), z.array(z.unknown()))
  .catch([])
  .transform((list) =>
    list
      .slice(0, 100)
      .map((v) => formText.parse(v))
      .filter((s) => s !== ''),
  );

const membershipKeys = ['organisationId', 'position', 'startedOn', 'endedOn'] as const;
export type MembershipRow = Record<(typeof membershipKeys)[number], string>;

const placeKinds = ['borough', 'ward', 'constituency'] as const satisfies readonly PlaceKind[];

/** A form body is an object of fields; anything else (a JSON array, a number) is an empty form. */
const body = z
  .unknown()
  .transform(
    (v): Record<string, unknown> =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {},
  );

export const personForm = body.transform((b) => {
  const text = (key: string) => formText.parse(b[key]);
  const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => text(`${prefix}-${i}`));
  return {
    fullName: text('fullName'),
    emails: numbered('email', maxEmails),
    phones: numbered('phone', maxPhones),
    postalAddress: text('postalAddress'),
    preferredLanguage: text('preferredLanguage'),
    accessibleFormats: formList.parse(b.accessibleFormats),
    notes: text('notes'),
    lastVerifiedOn: text('lastVerifiedOn'),
    influence: text('influence'),
    interest: text('interest'),
    lawfulBasis: text('lawfulBasis'),
    reviewOn: text('reviewOn'),
    roleIds: formList.parse(b.roleIds),
    places: Object.fromEntries(placeKinds.map((k) => [k, numbered(k, maxPlaceRows)])) as Record<
      PlaceKind,
      string[]
    >,
    memberships: Array.from(
      { length: maxMembershipRows },
      (_, i) =>
        Object.fromEntries(membershipKeys.map((k) => [k, text(`membership-${i}-${k}`)])) as MembershipRow,
    ),
    expectedVersion: text('expectedVersion'),
  };
});
export type PersonForm = z.output<typeof personForm>;

const filled = (s: string) => s.trim() !== '';
const isBlankRow = (row: MembershipRow) => Object.values(row).every((v) => !filled(v));

/** A place chosen in a select: a borough's code, or a ward's or constituency's `code:vintage`. */
export function placeValue(p: { kind: PlaceKind; code: string; vintage: number }): string {
  return p.kind === 'borough' ? p.code : `${p.code}:${p.vintage}`;
}

function placeOf(kind: PlaceKind, value: string): { kind: PlaceKind; code: string; vintage?: number } {
  const match = /^([^:]*):(\d{4})$/.exec(value.trim());
  return match ? { kind, code: match[1] as string, vintage: Number(match[2]) } : { kind, code: value.trim() };
}

/**
 * The form with its blank rows dropped, as the page shows it again: filled rows first, in the order
 * typed. The domain's errors then name rows as the page shows them.
 */
export function compactPersonForm(form: PersonForm): PersonForm {
  return {
    ...form,
    emails: form.emails.filter(filled),
    phones: form.phones.filter(filled),
    places: {
      borough: form.places.borough.filter(filled),
      ward: form.places.ward.filter(filled),
      constituency: form.places.constituency.filter(filled),
    },
    memberships: form.memberships.filter((m) => !isBlankRow(m)),
  };
}

/** The use-case input from a compacted form. */
export function personInputFromForm(form: PersonForm): PersonInput {
  return {
    fullName: form.fullName,
    emails: form.emails,
    phones: form.phones,
    postalAddress: form.postalAddress,
    preferredLanguage: form.preferredLanguage,
    accessibleFormats: form.accessibleFormats as PersonInput['accessibleFormats'],
    notes: form.notes,
    lastVerifiedOn: form.lastVerifiedOn,
    influence: form.influence,
    interest: form.interest,
    lawfulBasis: (form.lawfulBasis || undefined) as PersonInput['lawfulBasis'],
    reviewOn: form.reviewOn,
    roleIds: form.roleIds,
    places: placeKinds.flatMap((kind) => form.places[kind].map((v) => placeOf(kind, v))),
    memberships: form.memberships.map((m) => ({
      organisationId: m.organisationId.trim(),
      position: m.position,
      startedOn: m.startedOn,
      endedOn: m.endedOn,
    })),
  };
}

/** The form's values for a person's current record. */
export function personFormValues(p: PersonRecord): PersonForm {
  const kinds = (kind: PlaceKind) => p.places.filter((pl) => pl.kind === kind).map(placeValue);
  return {
    fullName: p.fullName,
    emails: p.emails.map((e) => e.value),
    phones: p.phones.map((ph) => ph.value),
    postalAddress: p.postalAddress ?? '',
    preferredLanguage: p.preferredLanguage ?? '',
    accessibleFormats: [...p.accessibleFormats],
    notes: p.notes ?? '',
    lastVerifiedOn: p.lastVerifiedOn ?? '',
    influence: p.influence === null ? '' : String(p.influence),
    interest: p.interest === null ? '' : String(p.interest),
    lawfulBasis: p.lawfulBasis,
    reviewOn: p.reviewOn ?? '',
    roleIds: p.roles.map((r) => r.id),
    places: { borough: kinds('borough'), ward: kinds('ward'), constituency: kinds('constituency') },
    memberships: p.memberships.map((m) => ({
      organisationId: m.organisationId,
      position: m.position ?? '',
      startedOn: m.startedOn ?? '',
      endedOn: m.endedOn ?? '',
    })),
    expectedVersion: String(p.version),
  };
}

/** A blank form, optionally covering one borough already. */
export function blankPersonForm(borough?: string): PersonForm {
  return {
    fullName: '',
    emails: [],
    phones: [],
    postalAddress: '',
    preferredLanguage: '',
    accessibleFormats: [],
    notes: '',
    lastVerifiedOn: '',
    influence: '',
    interest: '',
    lawfulBasis: 'public-task',
    reviewOn: '',
    roleIds: [],
    places: { borough: borough ? [borough] : [], ward: [], constituency: [] },
    memberships: [],
    expectedVersion: '',
  };
}

const placeNames: Readonly<Record<PlaceKind, string>> = {
  borough: 'Borough',
  ward: 'Ward',
  constituency: 'Constituency',
};
const membershipFieldNames: Readonly<Record<string, string>> = {
  organisationId: 'organisationId',
  position: 'position',
  startedOn: 'startedOn',
  endedOn: 'endedOn',
};

/** "The end date …" → "the end date …"; a code or an abbreviation at the start stays as it is. */
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? `${s.charAt(0).toLowerCase()}${s.slice(1)}` : s);

/**
 * The domain's field errors keyed as the page names its elements. A place or membership error
 * names its row ("Ward 2: …"), since the domain counts places across all three kinds.
 */
export function personErrorsForForm(
  fields: Readonly<Record<string, string>>,
  form: PersonForm,
): Record<string, string> {
  const out: Record<string, string> = {};
  const placeRows = placeKinds.flatMap((kind) => form.places[kind].map((_, i) => ({ kind, i })));
  for (const [key, message] of Object.entries(fields)) {
    const [head, index, field] = key.split('.');
    if (head === 'places') {
      // An indexed error names its row; a place not in the boundaries is named by its code.
      const row =
        index !== undefined
          ? placeRows[Number(index)]
          : placeRows.find(({ kind, i }) => {
              const code = (form.places[kind][i] ?? '').split(':')[0]?.trim() ?? '';
              return code !== '' && message.startsWith(`${code} `);
            });
      if (row) out[`${row.kind}-${row.i}`] = `${placeNames[row.kind]} ${row.i + 1}: ${lowerFirst(message)}`;
      else out.places ??= message;
    } else if (head === 'memberships' && index !== undefined) {
      const name = membershipFieldNames[field ?? ''] ?? 'organisationId';
      out[`membership-${index}-${name}`] = `Membership ${Number(index) + 1}: ${lowerFirst(message)}`;
    } else if (head !== undefined) {
      out[head] ??= message;
    }
  }
  return out;
}

/** Where each error's link in the summary leads, in the order the page shows the fields. */
export function personFieldOrder(form: PersonForm): Record<string, string> {
  const rows = (prefix: string, n: number) =>
    Object.fromEntries(Array.from({ length: n + 1 }, (_, i) => [`${prefix}-${i}`, `${prefix}-${i}`]));
  return {
    fullName: 'fullName',
    emails: 'email-0',
    phones: 'phone-0',
    postalAddress: 'postalAddress',
    preferredLanguage: 'preferredLanguage',
    accessibleFormats: 'accessibleFormats',
    roleIds: 'roleIds',
    places: 'borough-0',
    ...rows('borough', form.places.borough.length),
    ...rows('ward', form.places.ward.length),
    ...rows('constituency', form.places.constituency.length),
    memberships: 'membership-0-organisationId',
    ...Object.fromEntries(
      Array.from({ length: form.memberships.length + 1 }, (_, i) =>
        membershipKeys.map((k) => [`membership-${i}-${k}`, `membership-${i}-${k}`]),
      ).flat(),
    ),
    influence: 'influence',
    interest: 'interest',
    lastVerifiedOn: 'lastVerifiedOn',
    reviewOn: 'reviewOn',
    lawfulBasis: 'lawfulBasis',
    notes: 'notes',
  };
}
