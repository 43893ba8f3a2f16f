import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { stylesheet } from './assets/stylesheet.ts';
import { declareAccess } from './route-access.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const immutable = 'public, max-age=31536000, immutable';

/** The stylesheet (named by its hash, so cached for ever), our script, and the MOJ icons. */
export async function assetRoutes(app: FastifyInstance): Promise<void> {
  declareAccess(app, 'public');
  const { css, hash } = stylesheet();
  const favicon = readFileSync(here('./assets/favicon.svg'));
  const scripts: Record<string, Buffer> = {
    'app.js': readFileSync(here('./assets/app.js')),
    'govuk-frontend.min.js': readFileSync(
      here('../../node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js'),
    ),
    'moj-frontend.min.js': readFileSync(
      here('../../node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js'),
    ),
  };

  app.get(`/assets/app-${hash}.css`, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', immutable).send(css),
  );
  for (const [name, body] of Object.entries(scripts)) {
    app.get(`/assets/${name}`, async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body),
    );
  }
  app.get('/assets/favicon.svg', async (_req, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(favicon),
  );
  // Only the MOJ icons the stylesheet uses. The design systems' crown images and GDS Transport
  // font are licensed to government services alone, so none of them is served.
  await app.register(fastifyStatic, {
    root: here('../../node_modules/@ministryofjustice/frontend/moj/assets/images/'),
    prefix: '/assets/moj/images/',
    decorateReply: false,
    maxAge: '1d',
    allowedPath: (path) => /^\/icon-[a-z-]+\.svg$/.test(path),
  });
}
