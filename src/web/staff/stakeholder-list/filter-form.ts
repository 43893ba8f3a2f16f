import { z } from 'zod';
import { staleAfterMonths } from '../../../domain/stakeholders/person.ts';
import type { FilterChoices } from '../../../domain/stakeholders/segments/filter-choices.ts';
import { formText } from '../../forms.ts';

/**
 * The stakeholder filter as a form: the list page's GET form and the segment form share its
 * fields. Values stay as typed (text) until the use case parses them, so a bad value comes back
 * in its field with a message.
 */

export const filterFieldNames = [
  'q',
  'areaCode',
  'wardCode',
  'roleId',
  'organisationType',
  'topHundred',
  'consent',
  'stale',
] as const;

export type FilterForm = Record<(typeof filterFieldNames)[number], string>;

export const filterForm = z.object({
  q: formText,
  areaCode: formText,
  wardCode: formText,
  roleId: formText,
  organisationType: formText,
  topHundred: formText,
  consent: formText,
  stale: formText,
}) satisfies z.ZodType<FilterForm, unknown>;

/** Each field's id on the page, for the error summary's links. */
export const filterFieldOrder: Readonly<Record<string, string>> = Object.fromEntries(
  filterFieldNames.map((f) => [f, f]),
);

/** Every field empty, then the values given. */
export const filterValues = (values: Partial<FilterForm>): FilterForm => ({
  ...(Object.fromEntries(filterFieldNames.map((f) => [f, ''])) as FilterForm),
  ...values,
});

/** The form's values as the query string of a link (empty fields left out). */
export function formQuery(values: Partial<Record<string, string>>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') params.set(k, v);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

type Item = { value: string; text: string; selected?: boolean };

const choose = (items: readonly Item[], value: string): Item[] => {
  const known = items.some((i) => i.value === value);
  // A value that is not among the choices (a ward of another borough, say) is still shown as chosen.
  const all = known || value === '' ? items : [...items, { value, text: value }];
  return all.map((i) => ({ ...i, selected: i.value === value }));
};

/** The select items of every field of the filter, with the current values chosen. */
export function filterItems(
  values: FilterForm,
  choices: FilterChoices,
  options: { anyBorough: string } = { anyBorough: 'All your boroughs' },
) {
  const wardText = (w: FilterChoices['wards'][number]) =>
    choices.boroughs.length > 1 && values.areaCode === '' ? `${w.name} (${w.boroughName})` : w.name;
  return {
    areaCodeItems: choose(
      [
        { value: '', text: options.anyBorough },
        ...choices.boroughs.map((b) => ({ value: b.code, text: b.name })),
      ],
      values.areaCode,
    ),
    wardCodeItems: choose(
      [{ value: '', text: 'Any ward' }, ...choices.wards.map((w) => ({ value: w.code, text: wardText(w) }))],
      values.wardCode,
    ),
    wardHint: choices.wardsNeedBorough ? 'Choose a borough first to list its wards' : undefined,
    roleIdItems: choose(
      [{ value: '', text: 'Any role' }, ...choices.roles.map((r) => ({ value: r.id, text: r.label }))],
      values.roleId,
    ),
    organisationTypeItems: choose(
      [{ value: '', text: 'Any type' }, ...choices.organisationTypes],
      values.organisationType,
    ),
    topHundredItems: choose(
      [
        { value: '', text: 'Anyone' },
        { value: 'yes', text: 'In the top 100' },
        { value: 'no', text: 'Not in the top 100' },
      ],
      values.topHundred,
    ),
    consentItems: choose(
      [
        { value: '', text: 'Any' },
        { value: 'given', text: 'Given' },
        { value: 'withdrawn', text: 'Withdrawn' },
        { value: 'none', text: 'None recorded' },
      ],
      values.consent,
    ),
    staleItems: choose(
      [
        { value: '', text: 'Any' },
        { value: 'yes', text: `Not verified for ${staleAfterMonths} months or more` },
        { value: 'no', text: `Verified in the last ${staleAfterMonths} months` },
      ],
      values.stale,
    ),
  };
}
