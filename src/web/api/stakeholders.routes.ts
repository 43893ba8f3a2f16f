import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

/** The stakeholder API: people, organisations and segments' members, scoped to the caller's boroughs. */
export async function stakeholderApiRoutes(_app: FastifyInstance, _options: { deps: Deps }): Promise<void> {}
