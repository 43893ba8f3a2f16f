import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { isBoroughScoped } from '../../../domain/access/actor.ts';
import { compareConstituencies } from '../../../domain/geography/compare-constituencies.ts';
import { getArea } from '../../../domain/geography/get-area.ts';
import { getBoroughGeography } from '../../../domain/geography/get-borough-geography.ts';
import { getBoroughMap } from '../../../domain/geography/get-borough-map.ts';
import { listAreas } from '../../../domain/geography/list-areas.ts';
import { getBoroughStakeholders } from '../../../domain/stakeholders/top-hundred/get-borough-stakeholders.ts';
import { requestContext } from '../../request-context.ts';
import { boroughEstate } from '../estate/borough-estate.ts';
import {
  presentBoroughGeography,
  presentBoroughMap,
  presentBoroughPage,
  presentBoroughStakeholders,
  presentOverview,
} from './boroughs.present.ts';
import { tileMap } from './tile-map.ts';

const boroughParams = z.object({ code: z.string() });

export async function boroughRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get('/', async (request, reply) => {
    const areas = await listAreas(requestContext(deps, request));
    const assignedOnly = request.actor.kind === 'user' && isBoroughScoped(request.actor.role);
    return reply.page('staff/boroughs/overview.njk', {
      pageTitle: 'London overview',
      overview: presentOverview(areas, { assignedOnly }),
      map: tileMap(areas),
    });
  });

  app.get('/boroughs/:code', async (request, reply) => {
    const { code } = boroughParams.parse(request.params);
    const ctx = requestContext(deps, request);
    const area = await getArea(ctx, { gssCode: code });
    if (area.gssCode !== code) return reply.redirect(`/boroughs/${area.gssCode}`, 301);
    const all = await listAreas(ctx);
    const places = await getBoroughGeography(ctx, { gssCode: area.gssCode });
    const [to, from] = places.constituencyVintages;
    const changes =
      to !== undefined && from !== undefined
        ? await compareConstituencies(ctx, { gssCode: area.gssCode, from, to })
        : undefined;
    return reply.page('staff/boroughs/borough.njk', {
      pageTitle: area.name,
      borough: presentBoroughPage(area, all),
      places: presentBoroughGeography(places, changes),
      map: presentBoroughMap(await getBoroughMap(ctx, { gssCode: area.gssCode }), area),
      estate: await boroughEstate(ctx, area.gssCode),
      stakeholders: presentBoroughStakeholders(area, await getBoroughStakeholders(ctx, area.gssCode)),
      backLink: { href: '/', text: 'London overview' },
    });
  });
}
