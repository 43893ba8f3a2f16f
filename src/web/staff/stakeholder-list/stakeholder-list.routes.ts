import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';

/** Finding people: the searchable list, saved segments with their members, and exports. */
export async function stakeholderListRoutes(_app: FastifyInstance, _options: { deps: Deps }): Promise<void> {}
