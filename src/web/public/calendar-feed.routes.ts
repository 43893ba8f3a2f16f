import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

/** Calendar subscription feeds, addressed by a secret in the URL. */
export async function calendarFeedRoutes(_app: FastifyInstance, _options: { deps: Deps }): Promise<void> {}
