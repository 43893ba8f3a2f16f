import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { timetableCalendar } from '../../../documents/calendar.ts';
import { createCalendarFeed } from '../../../domain/access/create-calendar-feed.ts';
import { getOwnCalendarFeed } from '../../../domain/access/get-own-calendar-feed.ts';
import { revokeCalendarFeed } from '../../../domain/access/revoke-calendar-feed.ts';
import { getTimetable, type TimetableView } from '../../../domain/estate/get-timetable.ts';
import { formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import { calendarTitle, presentSubscription, presentTimetable } from './timetable.present.ts';

const boroughParams = z.object({ code: formText });
const londonQuery = z.object({ borough: formText });
const revokedQuery = z.object({ revoked: formText });

/** The timetable: London-wide and per borough, as a chart, a table and a calendar. */
export async function timetableRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const sendCalendar = (reply: FastifyReply, view: TimetableView) => {
    const title = calendarTitle(view);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${title.fileName}"`)
      .header('cache-control', 'private, no-cache')
      .send(
        timetableCalendar({
          name: title.name,
          description: title.description,
          rows: view.timetable.rows,
          publicUrl: deps.config.publicUrl,
          generatedAt: deps.clock.now(),
        }),
      );
  };

  app.get('/timetable', async (request, reply) => {
    // The borough chooser is a plain GET form: choosing one opens that borough's timetable.
    const { borough } = londonQuery.parse(request.query ?? {});
    if (borough.trim()) {
      return reply.redirect(`/boroughs/${encodeURIComponent(borough.trim().toUpperCase())}/timetable`, 303);
    }
    const view = await getTimetable(requestContext(deps, request));
    const t = presentTimetable(view);
    return reply.page('staff/timetable/timetable.njk', { pageTitle: t.pageTitle, t });
  });

  app.get('/timetable.ics', async (request, reply) =>
    sendCalendar(reply, await getTimetable(requestContext(deps, request))),
  );

  app.get('/boroughs/:code/timetable', async (request, reply) => {
    const { code } = boroughParams.parse(request.params);
    const view = await getTimetable(requestContext(deps, request), { areaCode: code });
    if (view.area && view.area.gssCode !== code) {
      return reply.redirect(`/boroughs/${view.area.gssCode}/timetable`, 301);
    }
    const t = presentTimetable(view);
    return reply.page('staff/timetable/timetable.njk', {
      pageTitle: t.pageTitle,
      t,
      backLink: { href: `/boroughs/${view.area?.gssCode ?? ''}`, text: view.area?.name ?? 'Back' },
    });
  });

  app.get('/boroughs/:code/timetable.ics', async (request, reply) => {
    const { code } = boroughParams.parse(request.params);
    return sendCalendar(reply, await getTimetable(requestContext(deps, request), { areaCode: code }));
  });

  async function subscribePage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { created?: { token: string; replaced: boolean } } = {},
  ) {
    const own = await getOwnCalendarFeed(requestContext(deps, request));
    return reply.page('staff/timetable/subscribe.njk', {
      pageTitle: 'Subscribe in your calendar',
      ...presentSubscription(own, { publicUrl: deps.config.publicUrl, created: extra.created }),
      justRevoked: revokedQuery.parse(request.query ?? {}).revoked === '1',
      backLink: { href: '/timetable', text: 'Timetable' },
    });
  }

  app.get('/timetable/subscribe', (request, reply) => subscribePage(request, reply));

  app.post('/timetable/subscribe', async (request, reply) => {
    const created = await createCalendarFeed(requestContext(deps, request));
    // Shown once, on this response only: the secret is never stored and never passed through a URL of ours.
    reply.header('cache-control', 'no-store');
    return subscribePage(request, reply, { created });
  });

  app.post('/timetable/subscribe/revoke', async (request, reply) => {
    await revokeCalendarFeed(requestContext(deps, request));
    return reply.redirect('/timetable/subscribe?revoked=1', 303);
  });
}
