import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { contentTypes, writeCsv, writeXlsx } from '../../../documents/spreadsheet.ts';
import { authorize, can } from '../../../domain/access/policy.ts';
import { type DomainError, isDomainError } from '../../../domain/shared/errors.ts';
import { londonDay } from '../../../domain/shared/london-time.ts';
import { filterQuery } from '../../../domain/stakeholders/filter.ts';
import { createSegment } from '../../../domain/stakeholders/segments/create-segment.ts';
import { deleteSegment } from '../../../domain/stakeholders/segments/delete-segment.ts';
import { exportSegmentMembers } from '../../../domain/stakeholders/segments/export-segment-members.ts';
import {
  describeFilter,
  filterNames,
  getFilterChoices,
} from '../../../domain/stakeholders/segments/filter-choices.ts';
import { getSegment, loadSegment } from '../../../domain/stakeholders/segments/get-segment.ts';
import { listSegments } from '../../../domain/stakeholders/segments/list-segments.ts';
import { updateSegment } from '../../../domain/stakeholders/segments/update-segment.ts';
import { errorList, formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import { type FilterForm, filterFieldOrder, filterForm, filterItems, filterValues } from './filter-form.ts';
import { presentSegment, presentSegmentRow } from './stakeholder-list.present.ts';

const idParams = z.object({ id: formText });
const doneQuery = z.object({ done: formText });
const nameForm = z.object({ name: formText });

type SegmentForm = FilterForm & { name: string };

const segmentFieldOrder = { name: 'name', ...filterFieldOrder };

const doneMessages: Readonly<Record<string, string>> = {
  created: 'Segment saved.',
  saved: 'Changes saved.',
  deleted: 'Segment deleted.',
};

const fieldsOf = (error: DomainError): Record<string, string> =>
  error.details.fields ? { ...error.details.fields } : { _: error.message };

/** A file name made of the segment's name: letters, digits and hyphens. */
const slug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'segment';

/** Saved segments: the list, each one's members and who can be e-mailed, the form, and downloads. */
export async function segmentRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const done = (request: FastifyRequest) => doneMessages[doneQuery.parse(request.query ?? {}).done];

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    data: { values: SegmentForm; segment?: { id: string; name: string }; errors?: Record<string, string> },
  ) {
    const ctx = requestContext(deps, request);
    const choices = await getFilterChoices(ctx, {
      areaCode: data.values.areaCode === '' ? undefined : data.values.areaCode,
      action: 'stakeholder:export',
    });
    const isNew = !data.segment;
    return reply.page('staff/stakeholder-list/segment-form.njk', {
      pageTitle: isNew ? 'Save a segment' : `Change ${data.segment?.name}`,
      backLink: isNew
        ? { href: '/segments', text: 'Segments' }
        : { href: `/segments/${data.segment?.id}`, text: data.segment?.name },
      action: isNew ? '/segments/new' : `/segments/${data.segment?.id}/edit`,
      isNew,
      values: data.values,
      ...filterItems(data.values, choices, {
        anyBorough: choices.boroughScoped ? 'Choose a borough' : 'All of London',
      }),
      boroughScoped: choices.boroughScoped,
      errors: data.errors,
      errorList: data.errors ? errorList(data.errors, segmentFieldOrder) : undefined,
    });
  }

  const formValues = (body: unknown): SegmentForm => ({
    ...filterForm.parse(body ?? {}),
    name: nameForm.parse(body ?? {}).name,
  });

  app.get('/segments', async (request, reply) => {
    const ctx = requestContext(deps, request);
    const segments = await listSegments(ctx);
    const names = await filterNames(
      ctx,
      segments.map((s) => s.filter),
    );
    return reply.page('staff/stakeholder-list/segments.njk', {
      pageTitle: 'Segments',
      backLink: { href: '/stakeholders', text: 'Stakeholders' },
      segments: segments.map((s) =>
        presentSegmentRow(s, describeFilter({ ...s.filter, areaCode: undefined }, names)),
      ),
      mayCreate: can(ctx.actor, 'stakeholder:export'),
      done: done(request),
    });
  });

  app.get('/segments/new', async (request, reply) => {
    authorize(request.actor, 'stakeholder:export');
    return renderForm(request, reply, { values: { ...filterForm.parse(request.query ?? {}), name: '' } });
  });

  app.post('/segments/new', async (request, reply) => {
    const ctx = requestContext(deps, request);
    authorize(ctx.actor, 'stakeholder:export');
    const values = formValues(request.body);
    try {
      const { id } = await createSegment(ctx, values);
      return reply.redirect(`/segments/${id}?done=created`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid') throw error;
      return renderForm(request, reply.code(400), { values, errors: fieldsOf(error) });
    }
  });

  app.get('/segments/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const view = await getSegment(ctx, { id });
    const names = await filterNames(ctx, [view.segment.filter]);
    return reply.page('staff/stakeholder-list/segment.njk', {
      pageTitle: view.segment.name,
      backLink: { href: '/segments', text: 'Segments' },
      segment: presentSegment(view, describeFilter(view.segment.filter, names)),
      done: done(request),
    });
  });

  app.get('/segments/:id/edit', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const segment = await loadSegment(requestContext(deps, request), id, 'stakeholder:export');
    const values: SegmentForm = { ...filterValues(filterQuery(segment.filter)), name: segment.name };
    return renderForm(request, reply, { values, segment });
  });

  app.post('/segments/:id/edit', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const segment = await loadSegment(ctx, id, 'stakeholder:export');
    const values = formValues(request.body);
    try {
      await updateSegment(ctx, { ...values, id });
      return reply.redirect(`/segments/${id}?done=saved`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid') throw error;
      return renderForm(request, reply.code(400), { values, segment, errors: fieldsOf(error) });
    }
  });

  app.get('/segments/:id/delete', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const segment = await loadSegment(requestContext(deps, request), id, 'stakeholder:export');
    return reply.page('staff/stakeholder-list/segment-delete.njk', {
      pageTitle: `Delete ${segment.name}`,
      backLink: { href: `/segments/${segment.id}`, text: segment.name },
      segment: {
        name: segment.name,
        action: `/segments/${segment.id}/delete`,
        href: `/segments/${segment.id}`,
      },
    });
  });

  app.post('/segments/:id/delete', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    await deleteSegment(requestContext(deps, request), { id });
    return reply.redirect('/segments?done=deleted', 303);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/segments/:id/members.${format}`, async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const ctx = requestContext(deps, request);
      const exported = await exportSegmentMembers(ctx, { id });
      const body = format === 'csv' ? writeCsv(exported.sheet) : await writeXlsx(exported.sheet);
      const fileName = `${slug(exported.segment.name)}-${londonDay(ctx.clock.now())}.${format}`;
      return reply
        .header('content-type', contentTypes[format])
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'no-store')
        .send(body);
    });
  }
}
