import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';

/** Importing and exporting sites and proposals. */
export async function estateImportRoutes(_app: FastifyInstance, _options: { deps: Deps }): Promise<void> {}
