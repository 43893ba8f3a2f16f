import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { contentTypes, writeCsv, writeXlsx } from '../../../documents/spreadsheet.ts';
import { authorize, can } from '../../../domain/access/policy.ts';
import { isDomainError } from '../../../domain/shared/errors.ts';
import { londonDay } from '../../../domain/shared/london-time.ts';
import { exportStakeholders } from '../../../domain/stakeholders/export-stakeholders.ts';
import { filterQuery } from '../../../domain/stakeholders/filter.ts';
import { type SearchResult, searchStakeholders } from '../../../domain/stakeholders/search-people.ts';
import { usableAfter } from '../../../domain/stakeholders/segments/cursor.ts';
import { getFilterChoices } from '../../../domain/stakeholders/segments/filter-choices.ts';
import { withLatestConsent } from '../../../domain/stakeholders/segments/mailing-status.ts';
import { errorList, formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import { type FilterForm, filterFieldOrder, filterForm, filterItems, filterValues } from './filter-form.ts';
import { segmentRoutes } from './segments.routes.ts';
import { presentSearch } from './stakeholder-list.present.ts';

const pageQuery = z.object({ sort: formText, after: formText });

/** A download's name: what it holds, the borough when the filter names one, and the day. */
export const downloadName = (stem: string, areaCode: string | undefined, day: string, format: string) =>
  `${[stem, areaCode, day].filter(Boolean).join('-')}.${format}`;

/** Finding people: the searchable list, saved segments with their members, and exports. */
export async function stakeholderListRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get('/stakeholders', async (request, reply) => {
    const ctx = requestContext(deps, request);
    authorize(ctx.actor, 'stakeholder:read');
    const raw = filterForm.parse(request.query ?? {});
    const { sort, after } = pageQuery.parse(request.query ?? {});
    const usable = usableAfter(after, sort);
    let result: SearchResult | undefined;
    let errors: Record<string, string> | undefined;
    try {
      result = await searchStakeholders(ctx, { ...raw, sort, after: usable });
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid') throw error;
      errors = error.details.fields ? { ...error.details.fields } : { _: error.message };
    }
    // The form shows the filter as it was understood (yes/no, trimmed), or as typed when it was not.
    const values: FilterForm = result ? filterValues(filterQuery(result.filter)) : raw;
    const choices = await getFilterChoices(ctx, { areaCode: result?.filter.areaCode });
    const today = londonDay(ctx.clock.now());
    const actor = ctx.actor;
    return reply.code(errors ? 400 : 200).page('staff/stakeholder-list/stakeholder-list.njk', {
      pageTitle: 'Stakeholders',
      values,
      ...filterItems(values, choices, {
        anyBorough: choices.boroughScoped ? 'All your boroughs' : 'All of London',
      }),
      errors,
      errorList: errors ? errorList(errors, filterFieldOrder) : undefined,
      list: result
        ? presentSearch(
            { ...result, rows: await withLatestConsent(ctx.db, result.rows) },
            { today, after: usable ?? '' },
          )
        : undefined,
      may: {
        add: can(actor, 'stakeholder:edit'),
        import: can(actor, 'stakeholder:import'),
        retention: can(actor, 'stakeholder:retention'),
        export: can(actor, 'stakeholder:export'),
      },
    });
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/stakeholders.${format}`, async (request, reply) => {
      const ctx = requestContext(deps, request);
      authorize(ctx.actor, 'stakeholder:export');
      const raw = filterForm.parse(request.query ?? {});
      const { sort } = pageQuery.parse(request.query ?? {});
      const exported = await exportStakeholders(ctx, { ...raw, sort });
      const body = format === 'csv' ? writeCsv(exported.sheet) : await writeXlsx(exported.sheet);
      const fileName = downloadName(
        'stakeholders',
        exported.filter.areaCode,
        londonDay(ctx.clock.now()),
        format,
      );
      return reply
        .header('content-type', contentTypes[format])
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'no-store')
        .send(body);
    });
  }

  await app.register(segmentRoutes, { deps });
}
