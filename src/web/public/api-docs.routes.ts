import type { FastifyInstance } from 'fastify';
import { presentApiDocs } from './api-docs.present.ts';

/** A readable page rendered from the live OpenAPI document: no JavaScript, same house style. */
export async function apiDocsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/docs', async (_request, reply) => {
    const docs = presentApiDocs(app.swagger());
    return reply.page('public/api-docs.njk', { pageTitle: docs.title, docs });
  });
}
