import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contextFor, type Deps } from '../../deps.ts';
import { timetableCalendar } from '../../documents/calendar.ts';
import { resolveCalendarFeed } from '../../domain/access/resolve-calendar-feed.ts';
import { getTimetable } from '../../domain/estate/get-timetable.ts';
import { formText } from '../forms.ts';
import { calendarTitle } from '../staff/timetable/timetable.present.ts';

const feedParams = z.object({ token: formText });

/**
 * Calendar subscription feeds, addressed by a secret in the URL: a calendar program cannot sign in
 * or keep a cookie. The feed is the London timetable as its owner would see it now (their boroughs
 * only, for a borough role); an unknown or stopped address, or a disabled owner, is a plain 404.
 */
export async function calendarFeedRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get('/calendar/:token/timetable.ics', { config: { access: 'public' } }, async (request, reply) => {
    const { token } = feedParams.parse(request.params);
    const owner = await resolveCalendarFeed(deps, token);
    const view = await getTimetable(contextFor(deps, owner, { requestId: request.id, address: request.ip }));
    const title = calendarTitle(view);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'private, no-cache')
      .header('x-robots-tag', 'noindex')
      .send(
        timetableCalendar({
          name: title.name,
          description: title.description,
          rows: view.timetable.rows,
          publicUrl: deps.config.publicUrl,
          generatedAt: deps.clock.now(),
        }),
      );
  });
}
