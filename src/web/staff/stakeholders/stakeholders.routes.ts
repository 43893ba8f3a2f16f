import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';

/** People and organisations: their pages and forms, consent, the list of roles. */
export async function stakeholderRecordRoutes(
  _app: FastifyInstance,
  _options: { deps: Deps },
): Promise<void> {}
