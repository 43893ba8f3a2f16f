import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { can } from '../../../domain/access/policy.ts';
import { agreeAmp } from '../../../domain/estate/agree-amp.ts';
import { authorizeProposalChange } from '../../../domain/estate/amp-versions.ts';
import { compareProposalVersions } from '../../../domain/estate/compare-proposal-versions.ts';
import { createProposal } from '../../../domain/estate/create-proposal.ts';
import { authorizeSiteForm, createSite } from '../../../domain/estate/create-site.ts';
import { getAmp } from '../../../domain/estate/get-amp.ts';
import { getProposal, loadProposal } from '../../../domain/estate/get-proposal.ts';
import { getSite, loadSite } from '../../../domain/estate/get-site.ts';
import { getSiteFormChoices } from '../../../domain/estate/get-site-form-choices.ts';
import { listSites } from '../../../domain/estate/list-sites.ts';
import { siteStatuses, siteStatusNames, siteTypeNames, siteTypes } from '../../../domain/estate/site.ts';
import { updateProposal } from '../../../domain/estate/update-proposal.ts';
import { updateSite } from '../../../domain/estate/update-site.ts';
import { getArea } from '../../../domain/geography/get-area.ts';
import { type DomainError, isDomainError } from '../../../domain/shared/errors.ts';
import { londonDay } from '../../../domain/shared/london-time.ts';
import { errorList, formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import {
  proposalErrorsForForm,
  proposalFieldOrder,
  proposalForm,
  proposalInputFromForm,
  type SiteForm,
  siteFieldOrder,
  siteForm,
  siteInputFromForm,
} from './estate.forms.ts';
import {
  presentAmp,
  presentComparison,
  presentProposal,
  presentProposalFormChoices,
  presentSite,
  presentSiteFormChoices,
  presentSiteRow,
  proposalFormValues,
  siteFormValues,
} from './estate.present.ts';

const idParams = z.object({ id: formText });
const codeParams = z.object({ code: formText });
const boroughQuery = z.object({ borough: formText });
const compareQuery = z.object({ from: formText, to: formText });
const doneQuery = z.object({ done: formText });
const siteFilterQuery = z.object({ type: formText, status: formText, iconic: formText });
const agreeForm = z.object({ agreedOn: formText, note: formText });

/** Field errors a person can correct on the form; anything else goes to the error page. */
const correctable = (error: unknown): error is DomainError =>
  isDomainError(error) && (error.code === 'invalid' || error.code === 'conflict');

const fieldsOf = (error: DomainError): Record<string, string> =>
  error.details.fields ? { ...error.details.fields } : { _: error.message };

const doneMessages: Readonly<Record<string, string>> = {
  created: 'Site added.',
  saved: 'Changes saved as a new version.',
  'proposal-created': 'Proposal added.',
  agreed: 'AMP agreed as final.',
};

/** Pages for sites, proposals and each borough's Asset Management Plan. */
export async function estateRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const done = (request: FastifyRequest) => doneMessages[doneQuery.parse(request.query ?? {}).done];

  async function renderSiteForm(
    request: FastifyRequest,
    reply: FastifyReply,
    data: { values: Partial<SiteForm>; site?: { id: string; name: string }; errors?: Record<string, string> },
  ) {
    const ctx = requestContext(deps, request);
    const choices = await getSiteFormChoices(ctx, { areaCode: data.values.areaCode });
    const isNew = !data.site;
    return reply.page('staff/estate/site-form.njk', {
      pageTitle: isNew ? 'Add a site' : `Change ${data.site?.name}`,
      backLink: isNew
        ? { href: data.values.areaCode ? `/boroughs/${data.values.areaCode}/sites` : '/', text: 'Back' }
        : { href: `/sites/${data.site?.id}`, text: 'Back' },
      action: isNew ? '/sites/new' : `/sites/${data.site?.id}/edit`,
      isNew,
      ...presentSiteFormChoices(data.values, choices),
      errors: data.errors,
      errorList: data.errors ? errorList(data.errors, siteFieldOrder) : undefined,
    });
  }

  app.get('/boroughs/:code/sites', async (request, reply) => {
    const { code } = codeParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const area = await getArea(ctx, { gssCode: code });
    const q = siteFilterQuery.parse(request.query ?? {});
    const filter = {
      type: (siteTypes as readonly string[]).includes(q.type)
        ? (q.type as (typeof siteTypes)[number])
        : undefined,
      status: (siteStatuses as readonly string[]).includes(q.status)
        ? (q.status as (typeof siteStatuses)[number])
        : undefined,
      iconic: q.iconic === 'yes' ? true : undefined,
    };
    const sites = await listSites(ctx, { areaCode: area.gssCode, ...filter });
    return reply.page('staff/estate/sites.njk', {
      pageTitle: `Sites in ${area.name}`,
      backLink: { href: `/boroughs/${area.gssCode}`, text: area.name },
      area: { name: area.name, gssCode: area.gssCode },
      sites: sites.map(presentSiteRow),
      filter: {
        typeItems: [
          { value: '', text: 'All types', selected: !filter.type },
          ...siteTypes.map((t) => ({ value: t, text: siteTypeNames[t], selected: filter.type === t })),
        ],
        statusItems: [
          { value: '', text: 'Any status', selected: !filter.status },
          ...siteStatuses.map((s) => ({ value: s, text: siteStatusNames[s], selected: filter.status === s })),
        ],
        iconic: filter.iconic === true,
        active: Object.values(filter).some((v) => v !== undefined),
      },
      canEdit: can(ctx.actor, 'estate:edit', { areaCode: area.gssCode }),
      newSiteHref: `/sites/new?borough=${area.gssCode}`,
      exportHref: `/estate/sites.csv?borough=${area.gssCode}`,
    });
  });

  app.get('/sites/new', async (request, reply) => {
    const { borough } = boroughQuery.parse(request.query ?? {});
    const ctx = requestContext(deps, request);
    if (borough) await getArea(ctx, { gssCode: borough });
    authorizeSiteForm(ctx);
    return renderSiteForm(request, reply, { values: { areaCode: borough.toUpperCase() } });
  });

  app.post('/sites/new', async (request, reply) => {
    const form = siteForm.parse(request.body ?? {});
    const ctx = requestContext(deps, request);
    try {
      const site = await createSite(ctx, { ...siteInputFromForm(form), note: form.note });
      return reply.redirect(`/sites/${site.id}?done=created`, 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return renderSiteForm(request, reply.code(400), { values: form, errors: fieldsOf(error) });
    }
  });

  app.get('/sites/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const detail = await getSite(ctx, { id });
    const page = presentSite(detail);
    return reply.page('staff/estate/site.njk', {
      pageTitle: detail.site.name,
      backLink: { href: `/boroughs/${detail.site.areaCode}/sites`, text: `Sites in ${detail.site.areaName}` },
      ...page,
      done: done(request),
    });
  });

  app.get('/sites/:id/edit', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const site = await loadSite(requestContext(deps, request), id, 'estate:edit');
    return renderSiteForm(request, reply, { values: siteFormValues(site), site });
  });

  app.post('/sites/:id/edit', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const form = siteForm.parse(request.body ?? {});
    const ctx = requestContext(deps, request);
    const site = await loadSite(ctx, id, 'estate:edit');
    try {
      await updateSite(ctx, {
        ...siteInputFromForm(form),
        id,
        note: form.note,
        expectedVersion: /^\d+$/.test(form.expectedVersion) ? Number(form.expectedVersion) : undefined,
      });
      return reply.redirect(`/sites/${id}?done=saved`, 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return renderSiteForm(request, reply.code(error.code === 'conflict' ? 409 : 400), {
        values: form,
        site,
        errors: fieldsOf(error),
      });
    }
  });

  async function renderProposalForm(
    reply: FastifyReply,
    data: {
      values: Partial<ReturnType<typeof proposalForm.parse>>;
      site: { id: string; name: string };
      proposal?: { id: string; title: string; status: Parameters<typeof presentProposalFormChoices>[1] };
      errors?: Record<string, string>;
    },
  ) {
    const isNew = !data.proposal;
    const choices = presentProposalFormChoices(data.values, data.proposal?.status);
    return reply.page('staff/estate/proposal-form.njk', {
      pageTitle: isNew ? `New proposal for ${data.site.name}` : `Change ${data.proposal?.title}`,
      backLink: isNew
        ? { href: `/sites/${data.site.id}`, text: data.site.name }
        : { href: `/proposals/${data.proposal?.id}`, text: 'Back' },
      action: isNew ? `/sites/${data.site.id}/proposals/new` : `/proposals/${data.proposal?.id}/edit`,
      isNew,
      site: data.site,
      ...choices,
      errors: data.errors,
      errorList: data.errors
        ? errorList(data.errors, proposalFieldOrder(choices.alternatives.length))
        : undefined,
    });
  }

  app.get('/sites/:id/proposals/new', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const site = await loadSite(ctx, id, 'estate:edit');
    await authorizeProposalChange(ctx, site.areaCode);
    return renderProposalForm(reply, { values: { status: 'draft', alternatives: [] }, site });
  });

  app.post('/sites/:id/proposals/new', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const site = await loadSite(ctx, id, 'estate:edit');
    const form = proposalForm.parse(request.body ?? {});
    const { alternativeIndex, ...input } = proposalInputFromForm(form);
    try {
      const proposal = await createProposal(ctx, { ...input, siteId: site.id, note: form.note });
      return reply.redirect(`/proposals/${proposal.id}?done=proposal-created`, 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return renderProposalForm(reply.code(400), {
        values: form,
        site,
        errors: proposalErrorsForForm(fieldsOf(error), alternativeIndex),
      });
    }
  });

  app.get('/proposals/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const detail = await getProposal(ctx, { id });
    return reply.page('staff/estate/proposal.njk', {
      pageTitle: detail.proposal.title,
      backLink: { href: `/sites/${detail.proposal.siteId}`, text: detail.proposal.siteName },
      ...presentProposal(detail, {
        mayEditEstate: can(ctx.actor, 'estate:edit', { areaCode: detail.proposal.areaCode }),
      }),
      done: done(request),
    });
  });

  app.get('/proposals/:id/edit', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const proposal = await loadProposal(ctx, id, 'estate:edit');
    await authorizeProposalChange(ctx, proposal.areaCode);
    return renderProposalForm(reply, {
      values: proposalFormValues(proposal),
      site: { id: proposal.siteId, name: proposal.siteName },
      proposal,
    });
  });

  app.post('/proposals/:id/edit', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const proposal = await loadProposal(ctx, id, 'estate:edit');
    const form = proposalForm.parse(request.body ?? {});
    const { alternativeIndex, ...input } = proposalInputFromForm(form);
    try {
      await updateProposal(ctx, {
        ...input,
        id,
        note: form.note,
        expectedVersion: /^\d+$/.test(form.expectedVersion) ? Number(form.expectedVersion) : undefined,
      });
      return reply.redirect(`/proposals/${id}?done=saved`, 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return renderProposalForm(reply.code(error.code === 'conflict' ? 409 : 400), {
        values: form,
        site: { id: proposal.siteId, name: proposal.siteName },
        proposal,
        errors: proposalErrorsForForm(fieldsOf(error), alternativeIndex),
      });
    }
  });

  app.get('/proposals/:id/compare', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const q = compareQuery.parse(request.query ?? {});
    const ctx = requestContext(deps, request);
    const comparison = await compareProposalVersions(ctx, { id, from: q.from, to: q.to });
    return reply.page('staff/estate/proposal-compare.njk', {
      pageTitle: `Compare versions of ${comparison.title}`,
      backLink: { href: `/proposals/${id}`, text: comparison.title },
      ...presentComparison(comparison),
      action: `/proposals/${id}/compare`,
    });
  });

  async function renderAmp(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    extra: { errors?: Record<string, string>; values?: Record<string, string> } = {},
  ) {
    const ctx = requestContext(deps, request);
    const amp = await getAmp(ctx, { gssCode: code });
    return reply.page('staff/estate/amp.njk', {
      pageTitle: `${amp.area.name}: Asset Management Plan`,
      backLink: { href: `/boroughs/${amp.area.gssCode}`, text: amp.area.name },
      ...presentAmp(amp, {
        canAgree: can(ctx.actor, 'amp:agree', { areaCode: amp.area.gssCode }),
        today: londonDay(ctx.clock.now()),
      }),
      done: done(request),
      values: extra.values ?? {},
      errors: extra.errors,
      errorList: extra.errors ? errorList(extra.errors, { agreedOn: 'agreedOn', note: 'note' }) : undefined,
    });
  }

  app.get('/boroughs/:code/amp', async (request, reply) => {
    const { code } = codeParams.parse(request.params);
    return renderAmp(request, reply, code);
  });

  app.post('/boroughs/:code/amp/agree', async (request, reply) => {
    const { code } = codeParams.parse(request.params);
    const form = agreeForm.parse(request.body ?? {});
    try {
      await agreeAmp(requestContext(deps, request), {
        gssCode: code,
        agreedOn: form.agreedOn,
        note: form.note,
      });
      return reply.redirect(`/boroughs/${code.toUpperCase()}/amp?done=agreed`, 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return renderAmp(request, reply.code(400), code, { errors: fieldsOf(error), values: form });
    }
  });
}
