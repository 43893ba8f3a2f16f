import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

/** The segments API: a saved segment's members, with who is excluded from mailing and why. */
export async function segmentApiRoutes(_app: FastifyInstance, _options: { deps: Deps }): Promise<void> {}
