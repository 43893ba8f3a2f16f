import { z } from 'zod';
import type { PersonDetails, PersonRecord, ResolvedPlace } from '../people.repo.ts';

/**
 * Merging two records of the same person: the pure part. For each field the person merging
 * chooses the record kept's value, the other record's, or (for lists and notes) both; the
 * defaults keep whatever is known, preferring the record kept.
 */

export type MergeSide = 'kept' | 'other' | 'both';

type FieldKind = 'one' | 'list' | 'text';

export const mergeFields = [
  { key: 'fullName', label: 'Name', kind: 'one' },
  { key: 'emails', label: 'E-mail addresses', kind: 'list' },
  { key: 'phones', label: 'Telephone numbers', kind: 'list' },
  { key: 'postalAddress', label: 'Postal address', kind: 'one' },
  { key: 'preferredLanguage', label: 'Preferred language', kind: 'one' },
  { key: 'accessibleFormats', label: 'Accessible formats', kind: 'list' },
  { key: 'notes', label: 'Notes', kind: 'text' },
  { key: 'lastVerifiedOn', label: 'Last verified', kind: 'one' },
  { key: 'influence', label: 'Influence', kind: 'one' },
  { key: 'interest', label: 'Interest', kind: 'one' },
  { key: 'lawfulBasis', label: 'Lawful basis', kind: 'one' },
  { key: 'reviewOn', label: 'Review date', kind: 'one' },
] as const satisfies readonly { key: string; label: string; kind: FieldKind }[];

export type MergeField = (typeof mergeFields)[number]['key'];
export type MergeChoices = Readonly<Record<MergeField, MergeSide>>;

/** The sides a field may take: lists and notes may keep both. */
export const sidesOf = (kind: FieldKind): readonly MergeSide[] =>
  kind === 'one' ? ['kept', 'other'] : ['kept', 'other', 'both'];

/** The values of a record that merging chooses between. */
export type MergeValues = Readonly<{
  fullName: string;
  emails: readonly { value: string; normalised: string }[];
  phones: readonly { value: string; normalised: string }[];
  postalAddress: string | null;
  preferredLanguage: string | null;
  accessibleFormats: readonly string[];
  notes: string | null;
  lastVerifiedOn: string | null;
  influence: number | null;
  interest: number | null;
  lawfulBasis: PersonDetails['lawfulBasis'];
  reviewOn: string | null;
}>;

export const mergeValuesOf = (p: PersonRecord): MergeValues => ({
  fullName: p.fullName,
  emails: p.emails.map(({ value, normalised }) => ({ value, normalised })),
  phones: p.phones.map(({ value, normalised }) => ({ value, normalised })),
  postalAddress: p.postalAddress,
  preferredLanguage: p.preferredLanguage,
  accessibleFormats: p.accessibleFormats,
  notes: p.notes,
  lastVerifiedOn: p.lastVerifiedOn,
  influence: p.influence,
  interest: p.interest,
  lawfulBasis: p.lawfulBasis,
  reviewOn: p.reviewOn,
});

const isBlank = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** What the form offers first: both lists; otherwise the kept record's value unless it has none. */
export function defaultChoices(kept: MergeValues, other: MergeValues): MergeChoices {
  const out: Record<string, MergeSide> = {};
  for (const field of mergeFields) {
    const a = kept[field.key];
    const b = other[field.key];
    if (field.kind === 'list') out[field.key] = 'both';
    else if (field.kind === 'text')
      out[field.key] = isBlank(b) || a === b ? 'kept' : isBlank(a) ? 'other' : 'both';
    else if (field.key === 'lastVerifiedOn')
      // The later verification is the better one.
      out[field.key] = b !== null && (a === null || String(b) > String(a)) ? 'other' : 'kept';
    else out[field.key] = isBlank(a) && !isBlank(b) ? 'other' : 'kept';
  }
  return out as MergeChoices;
}

const choiceMessage: Readonly<Record<MergeField, string>> = {
  fullName: 'Choose which name to keep',
  emails: 'Choose which e-mail addresses to keep',
  phones: 'Choose which telephone numbers to keep',
  postalAddress: 'Choose which postal address to keep',
  preferredLanguage: 'Choose which preferred language to keep',
  accessibleFormats: 'Choose which accessible formats to keep',
  notes: 'Choose which notes to keep',
  lastVerifiedOn: 'Choose which last verified date to keep',
  influence: 'Choose which influence to keep',
  interest: 'Choose which interest to keep',
  lawfulBasis: 'Choose which lawful basis to keep',
  reviewOn: 'Choose which review date to keep',
};

/**
 * The choices as posted: a field left out takes its default; anything but one of its sides is a
 * field error naming it.
 */
export function mergeChoicesSchema(defaults: MergeChoices) {
  const shape = Object.fromEntries(
    mergeFields.map((f) => [
      f.key,
      z.enum(sidesOf(f.kind) as [MergeSide, ...MergeSide[]], { error: choiceMessage[f.key] }).optional(),
    ]),
  );
  return z
    .preprocess((input) => {
      const given = (input ?? {}) as Record<string, unknown>;
      // A field sent twice takes its first value; one sent empty was not chosen.
      return Object.fromEntries(
        mergeFields.map((f) => {
          const v = Array.isArray(given[f.key]) ? (given[f.key] as unknown[])[0] : given[f.key];
          return [f.key, v === '' || v === null ? undefined : v];
        }),
      );
    }, z.object(shape))
    .transform(
      (parsed) =>
        Object.fromEntries(
          mergeFields.map((f) => [
            f.key,
            (parsed as Record<string, MergeSide | undefined>)[f.key] ?? defaults[f.key],
          ]),
        ) as MergeChoices,
    );
}

const unionBy = <T>(a: readonly T[], b: readonly T[], key: (t: T) => string): T[] => {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of [...a, ...b]) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
};

const pickList = <T>(side: MergeSide, a: readonly T[], b: readonly T[], key: (t: T) => string): T[] =>
  side === 'both' ? unionBy(a, b, key) : unionBy(side === 'kept' ? a : b, [], key);

function pickNotes(side: MergeSide, a: string | null, b: string | null): string | null {
  if (side === 'kept') return a;
  if (side === 'other') return b;
  if (isBlank(a)) return b;
  if (isBlank(b) || a === b) return a;
  return `${a}\n\n${b}`;
}

/** The values the kept record takes. */
export function mergedValues(kept: MergeValues, other: MergeValues, choices: MergeChoices): MergeValues {
  const one = <K extends MergeField>(key: K) => (choices[key] === 'other' ? other[key] : kept[key]);
  return {
    fullName: one('fullName') as string,
    emails: pickList(choices.emails, kept.emails, other.emails, (e) => e.normalised),
    phones: pickList(choices.phones, kept.phones, other.phones, (p) => p.normalised),
    postalAddress: one('postalAddress') as string | null,
    preferredLanguage: one('preferredLanguage') as string | null,
    accessibleFormats: pickList(
      choices.accessibleFormats,
      kept.accessibleFormats,
      other.accessibleFormats,
      (f) => f,
    ),
    notes: pickNotes(choices.notes, kept.notes, other.notes),
    lastVerifiedOn: one('lastVerifiedOn') as string | null,
    influence: one('influence') as number | null,
    interest: one('interest') as number | null,
    lawfulBasis: one('lawfulBasis') as MergeValues['lawfulBasis'],
    reviewOn: one('reviewOn') as string | null,
  };
}

/** Roles and places are never chosen between: the person holds all of both records'. */
export const unionOfRoles = (kept: PersonRecord, other: PersonRecord): string[] =>
  unionBy(
    kept.roles.map((r) => r.id),
    other.roles.map((r) => r.id),
    (r) => r,
  );

export const unionOfPlaces = (kept: PersonRecord, other: PersonRecord): ResolvedPlace[] =>
  unionBy(kept.places, other.places, (p) => `${p.kind}:${p.code}:${p.vintage}`);

/** The most a record holds (as the person form allows), checked before anything is written. */
export const mergeLimits = { emails: 10, phones: 10, roles: 20, places: 100, notes: 5000 } as const;
