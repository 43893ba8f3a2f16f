import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

/** The estate in the JSON API. */
export async function estateApiRoutes(_app: FastifyInstance, _options: { deps: Deps }): Promise<void> {}
