import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';

/** Each borough's top 100, influence and interest grid, and coverage check. */
export async function topHundredRoutes(_app: FastifyInstance, _options: { deps: Deps }): Promise<void> {}
