import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { can } from '../../../domain/access/policy.ts';
import { DomainError, isDomainError } from '../../../domain/shared/errors.ts';
import { londonDay } from '../../../domain/shared/london-time.ts';
import { authorizePersonForm, createPerson } from '../../../domain/stakeholders/create-person.ts';
import { getPerson, loadPerson } from '../../../domain/stakeholders/get-person.ts';
import {
  getOrganisationFilterChoices,
  getOrganisationFormChoices,
} from '../../../domain/stakeholders/organisation-form-choices.ts';
import { getOrganisationWithMembers } from '../../../domain/stakeholders/organisation-form-members.ts';
import {
  createOrganisation,
  getOrganisation,
  listOrganisations,
  updateOrganisation,
} from '../../../domain/stakeholders/organisations.ts';
import type { PersonRecord } from '../../../domain/stakeholders/people.repo.ts';
import { organisationTypes } from '../../../domain/stakeholders/person.ts';
import { getPersonFormChoices } from '../../../domain/stakeholders/person-form-choices.ts';
import { listRolesToManage } from '../../../domain/stakeholders/person-form-roles.ts';
import { recordConsent } from '../../../domain/stakeholders/record-consent.ts';
import { addRole } from '../../../domain/stakeholders/roles.ts';
import { updatePerson } from '../../../domain/stakeholders/update-person.ts';
import { errorList, formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import {
  type OrganisationForm,
  organisationFieldOrder,
  organisationFormValues,
  organisationInputFromForm,
  parseOrganisationForm,
} from './organisation.forms.ts';
import {
  blankPersonForm,
  compactPersonForm,
  maxEmails,
  maxMembershipRows,
  maxPhones,
  maxPlaceRows,
  type PersonForm,
  personErrorsForForm,
  personFieldOrder,
  personForm,
  personFormValues,
  personInputFromForm,
} from './person.forms.ts';
import {
  type ConsentFormValues,
  organisationHref,
  personHref,
  presentConsentForm,
  presentOrganisation,
  presentOrganisationFilter,
  presentOrganisationFormChoices,
  presentOrganisationRow,
  presentPerson,
  presentPersonFormChoices,
} from './stakeholders.present.ts';

const idParams = z.object({ id: formText });
const boroughQuery = z.object({ borough: formText });
const doneQuery = z.object({ done: formText });
const organisationListQuery = z.object({ borough: formText, type: formText, page: formText });
const consentForm = z.object({
  event: formText,
  occurredOn: formText,
  method: formText,
  wordingVersion: formText,
  evidence: formText,
});
const roleForm = z.object({ label: formText });

/** A posted body that is not an object of fields (a JSON array, a number) is an empty form. */
const fieldsOfBody = (body: unknown): Record<string, unknown> =>
  body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/** Field errors a person can correct on the form; anything else goes to the error page. */
const correctable = (error: unknown): error is DomainError =>
  isDomainError(error) && (error.code === 'invalid' || error.code === 'conflict');

const fieldsOf = (error: DomainError): Record<string, string> =>
  error.details.fields ? { ...error.details.fields } : { _: error.message };

const doneMessages: Readonly<Record<string, string>> = {
  created: 'Person added.',
  saved: 'Changes saved.',
  consent: 'Consent event recorded.',
  'organisation-created': 'Organisation added.',
  'organisation-saved': 'Changes saved.',
  'role-added': 'Role added to the list.',
  merged: 'Records merged. The other record’s address now leads here.',
  erased: 'Person erased. Their personal data has been removed and their addresses suppressed.',
};

const stakeholdersCrumb = { text: 'Stakeholders', href: '/stakeholders' };
const organisationsCrumb = { text: 'Organisations', href: '/organisations' };

/** Organisations shown on one page of the list. */
const organisationsPerPage = 100;

const formLimits = {
  emails: maxEmails,
  phones: maxPhones,
  places: maxPlaceRows,
  memberships: maxMembershipRows,
};

const erased = () => new DomainError('conflict', 'This person has been erased and cannot be changed.');

/** People and organisations: their pages and forms, consent, the list of roles. */
export async function stakeholderRecordRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const done = (request: FastifyRequest) => doneMessages[doneQuery.parse(request.query ?? {}).done];

  // --- People --------------------------------------------------------------------------------

  async function renderPersonForm(
    request: FastifyRequest,
    reply: FastifyReply,
    data: { values: PersonForm; person?: PersonRecord; errors?: Record<string, string>; conflict?: boolean },
  ) {
    const choices = await getPersonFormChoices(requestContext(deps, request));
    const person = data.person;
    return reply.page('staff/stakeholders/person-form.njk', {
      pageTitle: person ? `Change ${person.fullName}` : 'Add a person',
      breadcrumbs: person
        ? [stakeholdersCrumb, { text: person.fullName, href: personHref(person.id) }]
        : [stakeholdersCrumb],
      cancelHref: person ? personHref(person.id) : '/stakeholders',
      action: person ? `${personHref(person.id)}/edit` : '/stakeholders/new',
      isNew: !person,
      personHref: person ? personHref(person.id) : undefined,
      conflict: data.conflict === true,
      ...presentPersonFormChoices(data.values, choices, formLimits, person),
      errors: data.errors,
      errorList: data.errors ? errorList(data.errors, personFieldOrder(data.values)) : undefined,
    });
  }

  app.get('/stakeholders/new', async (request, reply) => {
    const { borough } = boroughQuery.parse(request.query ?? {});
    authorizePersonForm(requestContext(deps, request));
    return renderPersonForm(request, reply, {
      values: blankPersonForm(/^E09\d{6}$/i.test(borough.trim()) ? borough.trim().toUpperCase() : undefined),
    });
  });

  app.post('/stakeholders/new', async (request, reply) => {
    const form = compactPersonForm(personForm.parse(fieldsOfBody(request.body)));
    const ctx = requestContext(deps, request);
    try {
      const person = await createPerson(ctx, personInputFromForm(form));
      return reply.redirect(`${personHref(person.id)}?done=created`, 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return renderPersonForm(request, reply.code(400), {
        values: form,
        errors: personErrorsForForm(fieldsOf(error), form),
      });
    }
  });

  app.get('/stakeholders/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const view = await getPerson(ctx, id);
    if (view.redirectedFrom !== null) return reply.redirect(personHref(view.person.id), 301);
    const page = presentPerson(view, {
      mayEditIn: (areaCode) => can(ctx.actor, 'stakeholder:edit', { areaCode }),
    });
    return reply.page('staff/stakeholders/person.njk', {
      pageTitle: page.erased ? 'Erased person' : page.name,
      breadcrumbs: [stakeholdersCrumb],
      person: page,
      shownAt: view.person.id,
      done: done(request),
    });
  });

  app.get('/stakeholders/:id/edit', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { person, redirectedFrom } = await loadPerson(
      requestContext(deps, request),
      id,
      'stakeholder:edit',
    );
    if (redirectedFrom !== null) return reply.redirect(`${personHref(person.id)}/edit`, 301);
    if (person.erasedAt !== null) throw erased();
    return renderPersonForm(request, reply, { values: personFormValues(person), person });
  });

  app.post('/stakeholders/:id/edit', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const { person } = await loadPerson(ctx, id, 'stakeholder:edit');
    if (person.erasedAt !== null) throw erased();
    const form = compactPersonForm(personForm.parse(fieldsOfBody(request.body)));
    try {
      await updatePerson(ctx, {
        ...personInputFromForm(form),
        id: person.id,
        expectedVersion: /^\d{1,9}$/.test(form.expectedVersion) ? Number(form.expectedVersion) : undefined,
      });
      return reply.redirect(`${personHref(person.id)}?done=saved`, 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      if (error.code === 'conflict') {
        // What was typed stays; saving again replaces the newer record, which the message links to.
        const { person: now } = await loadPerson(ctx, person.id, 'stakeholder:edit');
        return renderPersonForm(request, reply.code(409), {
          values: { ...form, expectedVersion: String(now.version) },
          person: now,
          errors: fieldsOf(error),
          conflict: true,
        });
      }
      return renderPersonForm(request, reply.code(400), {
        values: form,
        person,
        errors: personErrorsForForm(fieldsOf(error), form),
      });
    }
  });

  // --- Consent ---------------------------------------------------------------------------------

  async function renderConsentForm(
    reply: FastifyReply,
    person: PersonRecord,
    values: ConsentFormValues,
    errors?: Record<string, string>,
  ) {
    return reply.page('staff/stakeholders/consent-form.njk', {
      pageTitle: `Record consent for ${person.fullName}`,
      breadcrumbs: [stakeholdersCrumb, { text: person.fullName, href: personHref(person.id) }],
      person: { name: person.fullName, href: personHref(person.id) },
      action: `${personHref(person.id)}/consent`,
      ...presentConsentForm(values),
      errors,
      errorList: errors
        ? errorList(errors, {
            event: 'event',
            occurredOn: 'occurredOn',
            method: 'method',
            wordingVersion: 'wordingVersion',
            evidence: 'evidence',
          })
        : undefined,
    });
  }

  app.get('/stakeholders/:id/consent', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const { person, redirectedFrom } = await loadPerson(ctx, id, 'stakeholder:edit');
    if (redirectedFrom !== null) return reply.redirect(`${personHref(person.id)}/consent`, 301);
    if (person.erasedAt !== null) throw erased();
    return renderConsentForm(reply, person, {
      event: '',
      occurredOn: londonDay(ctx.clock.now()),
      method: '',
      wordingVersion: '',
      evidence: '',
    });
  });

  app.post('/stakeholders/:id/consent', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const { person } = await loadPerson(ctx, id, 'stakeholder:edit');
    if (person.erasedAt !== null) throw erased();
    const form = consentForm.parse(fieldsOfBody(request.body));
    try {
      await recordConsent(ctx, {
        personId: person.id,
        event: form.event as 'given',
        occurredOn: form.occurredOn,
        method: form.method as 'email',
        wordingVersion: form.wordingVersion,
        evidence: form.evidence,
      });
      return reply.redirect(`${personHref(person.id)}?done=consent#consent`, 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return renderConsentForm(reply.code(400), person, form, fieldsOf(error));
    }
  });

  // --- Roles -----------------------------------------------------------------------------------

  async function renderRoles(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: { label: string }; errors?: Record<string, string> } = {},
  ) {
    const roles = await listRolesToManage(requestContext(deps, request));
    return reply.page('staff/stakeholders/roles.njk', {
      pageTitle: 'Stakeholder roles',
      breadcrumbs: [stakeholdersCrumb],
      roles: roles.map((r) => ({ label: r.label, id: r.id, builtIn: r.builtIn })),
      values: extra.values ?? { label: '' },
      errors: extra.errors,
      errorList: extra.errors ? errorList(extra.errors, { label: 'label' }) : undefined,
      done: done(request),
    });
  }

  app.get('/stakeholders/roles', async (request, reply) => renderRoles(request, reply));

  app.post('/stakeholders/roles', async (request, reply) => {
    const form = roleForm.parse(fieldsOfBody(request.body));
    try {
      await addRole(requestContext(deps, request), { label: form.label });
      return reply.redirect('/stakeholders/roles?done=role-added', 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return renderRoles(request, reply.code(400), { values: form, errors: fieldsOf(error) });
    }
  });

  // --- Organisations ---------------------------------------------------------------------------

  app.get('/organisations', async (request, reply) => {
    const ctx = requestContext(deps, request);
    const q = organisationListQuery.parse(request.query ?? {});
    const boroughs = await getOrganisationFilterChoices(ctx);
    const areaCode = boroughs.find((b) => b.code === q.borough.trim().toUpperCase())?.code;
    const type = (organisationTypes as readonly string[]).includes(q.type) ? q.type : undefined;
    const all = await listOrganisations(ctx, { areaCode, type });
    const pages = Math.max(1, Math.ceil(all.length / organisationsPerPage));
    const page = /^\d{1,6}$/.test(q.page) ? Math.min(Math.max(1, Number(q.page)), pages) : 1;
    const query = (n: number) =>
      `/organisations?${new URLSearchParams({
        ...(areaCode ? { borough: areaCode } : {}),
        ...(type ? { type } : {}),
        page: String(n),
      })}`;
    return reply.page('staff/stakeholders/organisations.njk', {
      pageTitle: 'Organisations',
      breadcrumbs: [stakeholdersCrumb],
      organisations: all
        .slice((page - 1) * organisationsPerPage, page * organisationsPerPage)
        .map(presentOrganisationRow),
      total: all.length,
      filter: presentOrganisationFilter(boroughs, { areaCode, type }),
      pagination:
        pages > 1
          ? {
              previous: page > 1 ? { href: query(page - 1) } : undefined,
              next: page < pages ? { href: query(page + 1) } : undefined,
              items: Array.from({ length: pages }, (_, i) => ({
                number: i + 1,
                href: query(i + 1),
                current: i + 1 === page,
              })),
            }
          : undefined,
      mayAdd: can(ctx.actor, 'stakeholder:edit'),
      newHref: areaCode ? `/organisations/new?borough=${areaCode}` : '/organisations/new',
    });
  });

  async function renderOrganisationForm(
    request: FastifyRequest,
    reply: FastifyReply,
    data: {
      values: OrganisationForm;
      organisation?: { id: string; name: string };
      errors?: Record<string, string>;
    },
  ) {
    const choices = await getOrganisationFormChoices(requestContext(deps, request));
    const o = data.organisation;
    return reply.page('staff/stakeholders/organisation-form.njk', {
      pageTitle: o ? `Change ${o.name}` : 'Add an organisation',
      breadcrumbs: o
        ? [stakeholdersCrumb, organisationsCrumb, { text: o.name, href: organisationHref(o.id) }]
        : [stakeholdersCrumb, organisationsCrumb],
      cancelHref: o ? organisationHref(o.id) : '/organisations',
      action: o ? `${organisationHref(o.id)}/edit` : '/organisations/new',
      isNew: !o,
      ...presentOrganisationFormChoices(data.values, choices),
      errors: data.errors,
      errorList: data.errors ? errorList(data.errors, organisationFieldOrder) : undefined,
    });
  }

  app.get('/organisations/new', async (request, reply) => {
    const { borough } = boroughQuery.parse(request.query ?? {});
    const choices = await getOrganisationFormChoices(requestContext(deps, request));
    const only =
      choices.boroughs.length === 1 && !choices.mayChooseLondonWide ? choices.boroughs[0]?.code : '';
    const asked = choices.boroughs.find((b) => b.code === borough.trim().toUpperCase())?.code;
    return renderOrganisationForm(request, reply, {
      values: {
        name: '',
        type: '',
        areaCode: asked ?? only ?? '',
        email: '',
        phone: '',
        website: '',
        address: '',
        notes: '',
      },
    });
  });

  app.post('/organisations/new', async (request, reply) => {
    const form = parseOrganisationForm(request.body);
    try {
      const o = await createOrganisation(requestContext(deps, request), organisationInputFromForm(form));
      return reply.redirect(`${organisationHref(o.id)}?done=organisation-created`, 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return renderOrganisationForm(request, reply.code(400), { values: form, errors: fieldsOf(error) });
    }
  });

  app.get('/organisations/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const detail = await getOrganisationWithMembers(requestContext(deps, request), id);
    return reply.page('staff/stakeholders/organisation.njk', {
      pageTitle: detail.organisation.name,
      breadcrumbs: [stakeholdersCrumb, organisationsCrumb],
      organisation: presentOrganisation(detail),
      done: done(request),
    });
  });

  app.get('/organisations/:id/edit', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const organisation = await getOrganisation(requestContext(deps, request), id, 'stakeholder:edit');
    return renderOrganisationForm(request, reply, {
      values: organisationFormValues(organisation),
      organisation,
    });
  });

  app.post('/organisations/:id/edit', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const organisation = await getOrganisation(ctx, id, 'stakeholder:edit');
    const form = parseOrganisationForm(request.body);
    try {
      await updateOrganisation(ctx, { ...organisationInputFromForm(form), id: organisation.id });
      return reply.redirect(`${organisationHref(organisation.id)}?done=organisation-saved`, 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return renderOrganisationForm(request, reply.code(400), {
        values: form,
        organisation,
        errors: fieldsOf(error),
      });
    }
  });
}
