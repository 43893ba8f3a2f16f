import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { getSettings } from '../../../domain/access/get-settings.ts';
import { updateTwoFactorSetting } from '../../../domain/access/update-two-factor-setting.ts';
import { formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';

/** A ticked checkbox sends its value; an unticked one sends nothing. */
const settingsForm = z.object({ twoFactorForAll: formText });
const savedQuery = z.object({ saved: formText });

/** Settings an administrator changes while Nonsuch runs. */
export async function settingsRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get('/settings', async (request, reply) => {
    const settings = await getSettings(requestContext(deps, request));
    return reply.page('staff/settings/settings.njk', {
      pageTitle: 'Settings',
      settings,
      saved: savedQuery.parse(request.query ?? {}).saved === '1',
    });
  });

  app.post('/settings', async (request, reply) => {
    const form = settingsForm.parse(request.body ?? {});
    await updateTwoFactorSetting(requestContext(deps, request), {
      twoFactorForAll: form.twoFactorForAll === 'yes',
    });
    return reply.redirect('/settings?saved=1', 303);
  });
}
