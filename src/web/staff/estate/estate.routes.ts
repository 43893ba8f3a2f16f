import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';

/** Sites, proposals and Asset Management Plans. */
export async function estateRoutes(_app: FastifyInstance, _options: { deps: Deps }): Promise<void> {}
