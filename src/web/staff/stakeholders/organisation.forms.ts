import { z } from 'zod';
import type { OrganisationInput } from '../../../domain/stakeholders/person.ts';
import type { OrganisationRecord } from '../../../domain/stakeholders/stakeholders.repo.ts';
import { formText } from '../../forms.ts';

/** The organisation form: what the browser posts, its values for a record, its fields' order. */

export const organisationForm = z.object({
  name: formText,
  type: formText,
  areaCode: formText,
  email: formText,
  phone: formText,
  website: formText,
  address: formText,
  notes: formText,
});
export type OrganisationForm = z.output<typeof organisationForm>;

/** A body that is not an object of fields (a JSON array, a number) is an empty form. */
export const parseOrganisationForm = (body: unknown): OrganisationForm =>
  organisationForm.parse(body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {});

export function organisationInputFromForm(form: OrganisationForm): OrganisationInput {
  return {
    name: form.name,
    type: form.type as OrganisationInput['type'],
    areaCode: form.areaCode.trim().toUpperCase(),
    email: form.email,
    phone: form.phone,
    website: form.website,
    address: form.address,
    notes: form.notes,
  };
}

export function organisationFormValues(o: OrganisationRecord): OrganisationForm {
  return {
    name: o.name,
    type: o.type,
    areaCode: o.areaCode ?? '',
    email: o.email ?? '',
    phone: o.phone ?? '',
    website: o.website ?? '',
    address: o.address ?? '',
    notes: o.notes ?? '',
  };
}

export const organisationFieldOrder = {
  name: 'name',
  type: 'type',
  areaCode: 'areaCode',
  email: 'email',
  phone: 'phone',
  website: 'website',
  address: 'address',
  notes: 'notes',
};
