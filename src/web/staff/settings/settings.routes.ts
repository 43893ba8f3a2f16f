import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { getSettings } from '../../../domain/access/get-settings.ts';
import { updateTwoFactorSetting } from '../../../domain/access/update-two-factor-setting.ts';
import { updatePlanningSettings } from '../../../domain/estate/update-planning-settings.ts';
import { getReferenceData } from '../../../domain/geography/get-reference-data.ts';
import { isDomainError } from '../../../domain/shared/errors.ts';
import { errorList, formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';

/** A ticked checkbox sends its value; an unticked one sends nothing. */
const settingsForm = z.object({ twoFactorForAll: formText });
const planningForm = z.object({
  imminentMonths: formText,
  wardVintage: formText,
  constituencyVintage: formText,
});
const savedQuery = z.object({ saved: formText });

const vintageItems = (years: readonly number[], chosen: string) => [
  { value: '', text: 'The newest loaded', selected: chosen === '' },
  ...years.map((y) => ({ value: String(y), text: `${y} boundaries`, selected: chosen === String(y) })),
];

/** Settings an administrator changes while Nonsuch runs. */
export async function settingsRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: z.output<typeof planningForm>; errors?: Record<string, string> } = {},
  ) {
    const ctx = requestContext(deps, request);
    const settings = await getSettings(ctx);
    const { vintages } = await getReferenceData(ctx);
    const years = (kind: string) => vintages.filter((v) => v.kind === kind).map((v) => v.year);
    const values = extra.values ?? {
      imminentMonths: String(settings.imminentMonths),
      wardVintage: settings.wardVintage === null ? '' : String(settings.wardVintage),
      constituencyVintage: settings.constituencyVintage === null ? '' : String(settings.constituencyVintage),
    };
    return reply.page('staff/settings/settings.njk', {
      pageTitle: 'Settings',
      settings,
      values,
      wardItems: vintageItems(years('ward'), values.wardVintage),
      constituencyItems: vintageItems(years('constituency'), values.constituencyVintage),
      saved: savedQuery.parse(request.query ?? {}).saved === '1',
      errors: extra.errors,
      errorList: extra.errors
        ? errorList(extra.errors, {
            imminentMonths: 'imminentMonths',
            wardVintage: 'wardVintage',
            constituencyVintage: 'constituencyVintage',
          })
        : undefined,
    });
  }

  app.get('/settings', (request, reply) => render(request, reply));

  app.post('/settings', async (request, reply) => {
    const form = settingsForm.parse(request.body ?? {});
    await updateTwoFactorSetting(requestContext(deps, request), {
      twoFactorForAll: form.twoFactorForAll === 'yes',
    });
    return reply.redirect('/settings?saved=1', 303);
  });

  app.post('/settings/planning', async (request, reply) => {
    const form = planningForm.parse(request.body ?? {});
    try {
      await updatePlanningSettings(requestContext(deps, request), form);
      return reply.redirect('/settings?saved=1', 303);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid') throw error;
      return render(request, reply.code(400), { values: form, errors: { ...error.details.fields } });
    }
  });
}
